//! Cognito error bodies: `{"__type": "...", "message": "..."}`.

use crate::json::Json;

/// An error answer from Cognito, kept whole: the type (`NotAuthorizedException`),
/// the message Cognito wrote, and the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The error type without namespace, e.g. `CodeMismatchException`.
    pub code: String,
    /// Cognito's own message, in English; may be empty.
    pub message: String,
    /// The HTTP status of the answer.
    pub status: u16,
}

impl ServiceError {
    /// Reads an error answer. The type comes from `__type`, else `code`, else the
    /// `x-amzn-ErrorType` header; it is cut at the first `:` and keeps what follows `#`
    /// (`aws.protocoljson#NotAuthorizedException:http://...` -> `NotAuthorizedException`).
    /// A body that is not JSON still gives an error, named after the status.
    pub fn parse(status: u16, error_type_header: Option<&str>, body: &str) -> Self {
        let parsed = Json::parse(body).unwrap_or(Json::Null);
        let member = |key| parsed.get(key).and_then(Json::as_str);
        let raw = member("__type").or(member("code")).or(error_type_header).unwrap_or_default();
        let code = normalize_type(raw);
        let code = if code.is_empty() {
            if status >= 500 {
                "InternalErrorException".to_owned()
            } else {
                format!("Http{status}")
            }
        } else {
            code
        };
        let message = member("message").or(member("Message")).unwrap_or_default().to_owned();
        Self { code, message, status }
    }

    /// True for server faults, which a retry may cure.
    pub fn is_server_fault(&self) -> bool {
        self.status >= 500 || self.code == "InternalErrorException"
    }
}

fn normalize_type(raw: &str) -> String {
    let before_colon = raw.split(':').next().unwrap_or_default();
    let after_hash = before_colon.rsplit('#').next().unwrap_or_default();
    after_hash.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_type_is_kept() {
        let e = ServiceError::parse(
            400,
            None,
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        );
        assert_eq!(e.code, "NotAuthorizedException");
        assert_eq!(e.message, "Incorrect username or password.");
        assert_eq!(e.status, 400);
        assert!(!e.is_server_fault());
    }

    #[test]
    fn namespace_before_hash_and_suffix_after_colon_are_cut() {
        let e = ServiceError::parse(
            400,
            None,
            r#"{"__type":"com.amazonaws.cognito#CodeMismatchException:http://internal.amazon.com/","Message":"Invalid code"}"#,
        );
        assert_eq!(e.code, "CodeMismatchException");
        assert_eq!(e.message, "Invalid code", "capitalised Message is read too");
    }

    #[test]
    fn code_field_then_header_are_fallbacks() {
        let from_code = ServiceError::parse(400, None, r#"{"code":"ExpiredCodeException"}"#);
        assert_eq!(from_code.code, "ExpiredCodeException");
        let from_header = ServiceError::parse(429, Some("TooManyRequestsException:x"), "");
        assert_eq!(from_header.code, "TooManyRequestsException");
    }

    #[test]
    fn a_server_fault_is_a_5xx_or_an_internal_error_whatever_the_status() {
        assert!(ServiceError::parse(502, None, r#"{"__type":"BadGateway"}"#).is_server_fault());
        assert!(ServiceError::parse(400, None, r#"{"__type":"InternalErrorException"}"#).is_server_fault());
        assert!(!ServiceError::parse(400, None, r#"{"__type":"NotAuthorizedException"}"#).is_server_fault());
    }

    #[test]
    fn unknown_types_keep_code_and_message() {
        let e = ServiceError::parse(400, None, r#"{"__type":"BrandNewException","message":"new"}"#);
        assert_eq!((e.code.as_str(), e.message.as_str()), ("BrandNewException", "new"));
    }

    #[test]
    fn html_error_page_is_named_after_status() {
        let e = ServiceError::parse(503, None, "<html>Service Unavailable</html>");
        assert_eq!(e.code, "InternalErrorException");
        assert!(e.is_server_fault());
        let e = ServiceError::parse(403, None, "<html>Forbidden</html>");
        assert_eq!(e.code, "Http403");
    }
}
