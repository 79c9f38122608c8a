//! What the page reads from a Cognito access token itself: only whose it is.

use crate::json::Json;
use crate::srp::base64_decode_lenient;
use crate::text::{replace_char, split_once};

/// The `sub` claim (the user's id) of a Cognito access token, read without checking
/// its signature: only to tell whether a token a host hands over later is for the
/// same person. Cognito checks every token it is sent; nothing is decided on this
/// claim but whether the widget starts again. `None` for anything not a JWT.
pub fn subject(token: &str) -> Option<String> {
    let (_header, rest) = split_once(token, b'.')?;
    let (payload, _signature) = split_once(rest, b'.')?;
    // base64url to the alphabet the lenient decoder knows; padding is optional.
    let payload = replace_char(&replace_char(payload, '-', '+'), '_', '/');
    let claims = Json::parse(std::str::from_utf8(&base64_decode_lenient(&payload)).ok()?)?;
    claims.get("sub")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn jwt(claims: &str) -> String {
        let part = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        format!("{}.{}.signature", part(r#"{"alg":"RS256"}"#), part(claims))
    }

    #[test]
    fn the_subject_is_read_from_the_payload() {
        let token = jwt(r#"{"sub":"aaaa-bbbb","token_use":"access","username":"demo"}"#);
        assert_eq!(subject(&token).as_deref(), Some("aaaa-bbbb"));
    }

    #[test]
    fn base64url_characters_and_missing_padding_decode() {
        // "?>" and "~" in the claims make '-' and '_' in the base64url text.
        let token = jwt(r#"{"x":"??>>~~","sub":"s-1"}"#);
        assert!(token.contains('-') || token.contains('_'), "{token}");
        assert_eq!(subject(&token).as_deref(), Some("s-1"));
    }

    #[test]
    fn anything_else_has_no_subject() {
        assert_eq!(subject(""), None);
        assert_eq!(subject("opaque-token"), None);
        assert_eq!(subject("a.b"), None, "two parts");
        assert_eq!(subject(&jwt(r#"{"username":"demo"}"#)), None, "no sub");
        assert_eq!(subject(&jwt(r#"{"sub":7}"#)), None, "sub not text");
        assert_eq!(subject(&jwt("not json")), None);
    }
}
