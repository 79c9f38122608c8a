//! Cognito error bodies: `{"__type": "...", "message": "..."}`.

use crate::json::Json;

/// A Cognito error type (`__type`): typed for the ones a person can meet on this
/// page (docs/cognito-protocol.md's table), which the flow acts on or the UI
/// translates; any other is kept as Cognito wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each variant is its wire name without `Exception`
pub enum ErrorCode {
    NotAuthorized,
    UserNotFound,
    UserNotConfirmed,
    PasswordResetRequired,
    TooManyRequests,
    InvalidParameter,
    ResourceNotFound,
    InvalidUserPoolConfiguration,
    Forbidden,
    InternalError,
    CodeMismatch,
    ExpiredCode,
    InvalidPassword,
    PasswordHistoryPolicyViolation,
    MfaMethodNotFound,
    SoftwareTokenMfaNotFound,
    AliasExists,
    ConcurrentModification,
    EnableSoftwareTokenMfa,
    /// Any other type, or `Http{status}` for an answer that names none.
    Other(String),
}

/// The known codes and their wire names: the one list both directions and
/// [`COGNITO_CODES`] come from.
const KNOWN: [(ErrorCode, &str); 19] = [
    (ErrorCode::NotAuthorized, "NotAuthorizedException"),
    (ErrorCode::UserNotFound, "UserNotFoundException"),
    (ErrorCode::UserNotConfirmed, "UserNotConfirmedException"),
    (ErrorCode::PasswordResetRequired, "PasswordResetRequiredException"),
    (ErrorCode::TooManyRequests, "TooManyRequestsException"),
    (ErrorCode::InvalidParameter, "InvalidParameterException"),
    (ErrorCode::ResourceNotFound, "ResourceNotFoundException"),
    (ErrorCode::InvalidUserPoolConfiguration, "InvalidUserPoolConfigurationException"),
    (ErrorCode::Forbidden, "ForbiddenException"),
    (ErrorCode::InternalError, "InternalErrorException"),
    (ErrorCode::CodeMismatch, "CodeMismatchException"),
    (ErrorCode::ExpiredCode, "ExpiredCodeException"),
    (ErrorCode::InvalidPassword, "InvalidPasswordException"),
    (ErrorCode::PasswordHistoryPolicyViolation, "PasswordHistoryPolicyViolationException"),
    (ErrorCode::MfaMethodNotFound, "MFAMethodNotFoundException"),
    (ErrorCode::SoftwareTokenMfaNotFound, "SoftwareTokenMFANotFoundException"),
    (ErrorCode::AliasExists, "AliasExistsException"),
    (ErrorCode::ConcurrentModification, "ConcurrentModificationException"),
    (ErrorCode::EnableSoftwareTokenMfa, "EnableSoftwareTokenMFAException"),
];

/// The wire names of the known codes, in [`KNOWN`]'s order.
pub const COGNITO_CODES: [&str; 19] = {
    let mut names = [""; 19];
    let mut i = 0;
    while i < names.len() {
        names[i] = KNOWN[i].1;
        i += 1;
    }
    names
};

impl ErrorCode {
    /// Reads a type as `ServiceError::parse` normalized it.
    pub fn from_wire(name: String) -> Self {
        KNOWN.into_iter().find(|(_, wire)| *wire == name).map_or(ErrorCode::Other(name), |(known, _)| known)
    }

    /// The type as Cognito spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(name) => name,
            known => KNOWN.iter().find(|(k, _)| k == known).map_or("", |(_, wire)| wire),
        }
    }
}

/// An error answer from Cognito, kept whole: the type (`NotAuthorizedException`),
/// the message Cognito wrote, and the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The error type without namespace, e.g. `CodeMismatchException`.
    pub code: ErrorCode,
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
                format!("Http{}", u32::from(status)) // u32: its formatter is in the module already
            }
        } else {
            code
        };
        let message = member("message").or(member("Message")).unwrap_or_default().to_owned();
        Self { code: ErrorCode::from_wire(code), message, status }
    }

    /// True for server faults, which a retry may cure.
    pub fn is_server_fault(&self) -> bool {
        self.status >= 500 || self.code == ErrorCode::InternalError
    }
}

fn normalize_type(raw: &str) -> String {
    let before_colon = crate::text::before_any(raw, b":");
    let after_hash = match before_colon.bytes().rposition(|b| b == b'#') {
        Some(at) => before_colon.get(at + 1..).unwrap_or_default(),
        None => before_colon,
    };
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
        assert_eq!(e.code, ErrorCode::NotAuthorized);
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
        assert_eq!(e.code, ErrorCode::CodeMismatch);
        assert_eq!(e.message, "Invalid code", "capitalised Message is read too");
    }

    #[test]
    fn code_field_then_header_are_fallbacks() {
        let from_code = ServiceError::parse(400, None, r#"{"code":"ExpiredCodeException"}"#);
        assert_eq!(from_code.code, ErrorCode::ExpiredCode);
        let from_header = ServiceError::parse(429, Some("TooManyRequestsException:x"), "");
        assert_eq!(from_header.code, ErrorCode::TooManyRequests);
    }

    #[test]
    fn a_server_fault_is_a_5xx_or_an_internal_error_whatever_the_status() {
        assert!(ServiceError::parse(502, None, r#"{"__type":"BadGateway"}"#).is_server_fault());
        assert!(ServiceError::parse(400, None, r#"{"__type":"InternalErrorException"}"#).is_server_fault());
        assert!(!ServiceError::parse(400, None, r#"{"__type":"NotAuthorizedException"}"#).is_server_fault());
    }

    #[test]
    fn known_codes_are_typed_both_ways_and_others_kept() {
        for name in COGNITO_CODES {
            let code = ErrorCode::from_wire(name.to_owned());
            assert!(!matches!(code, ErrorCode::Other(_)), "{name} is known");
            assert_eq!(code.as_str(), name, "round trip");
        }
        assert_eq!(ErrorCode::from_wire("notauthorizedexception".into()).as_str(), "notauthorizedexception");
        assert_eq!(
            COGNITO_CODES.iter().collect::<std::collections::BTreeSet<_>>().len(),
            19,
            "no name twice"
        );
    }

    #[test]
    fn unknown_types_keep_code_and_message() {
        let e = ServiceError::parse(400, None, r#"{"__type":"BrandNewException","message":"new"}"#);
        assert_eq!((e.code.as_str(), e.message.as_str()), ("BrandNewException", "new"));
    }

    #[test]
    fn html_error_page_is_named_after_status() {
        let e = ServiceError::parse(503, None, "<html>Service Unavailable</html>");
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(e.is_server_fault());
        let e = ServiceError::parse(403, None, "<html>Forbidden</html>");
        assert_eq!(e.code, ErrorCode::Other("Http403".into()));
    }
}
