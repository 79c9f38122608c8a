//! The `otpauth://` URI that authenticator apps read from the QR code, and the secret
//! as people type it.
//!
//! Format (Google's Key URI format, which every authenticator app follows):
//! `otpauth://totp/{issuer}:{account}?secret={base32}&issuer={issuer}`, each part
//! percent-encoded per RFC 3986. Cognito's TOTP uses the defaults (SHA1, 6 digits,
//! 30 s), so no `algorithm`, `digits` or `period` parameters are written.

/// Builds the URI. Colons in issuer or account would split the label in the wrong
/// place in some apps, so each is replaced by a hyphen first.
pub fn uri(issuer: &str, account: &str, secret: &str) -> String {
    let issuer = encode(&issuer.replace(':', "-"));
    let account = encode(&account.replace(':', "-"));
    let secret = normalize_secret(secret);
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// The base32 secret as apps expect it: upper case, no spaces, no `=` padding.
pub fn normalize_secret(secret: &str) -> String {
    secret.chars().filter(|c| !c.is_whitespace() && *c != '=').map(|c| c.to_ascii_uppercase()).collect()
}

/// The secret in groups of four, for people who type it into their app.
pub fn grouped_secret(secret: &str) -> String {
    let secret = normalize_secret(secret);
    let chars: Vec<char> = secret.chars().collect();
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// RFC 3986 percent-encoding: everything but the unreserved characters, byte by byte
/// of the UTF-8 form (so a space is `%20`, never `+`).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_issuer_and_account() {
        assert_eq!(
            uri("Acme", "alice", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme"
        );
    }

    #[test]
    fn space_is_percent_20_not_plus() {
        assert_eq!(
            uri("Acme Corp", "alice@example.com", "abcd"),
            "otpauth://totp/Acme%20Corp:alice%40example.com?secret=ABCD&issuer=Acme%20Corp"
        );
    }

    #[test]
    fn colon_in_issuer_or_account_cannot_split_the_label() {
        let u = uri("HR: Tokyo", "a:b", "ABCD");
        assert_eq!(u, "otpauth://totp/HR-%20Tokyo:a-b?secret=ABCD&issuer=HR-%20Tokyo");
        let label = u.trim_start_matches("otpauth://totp/").split('?').next().unwrap();
        assert_eq!(label.matches(':').count(), 1);
    }

    #[test]
    fn non_ascii_is_utf8_percent_encoded() {
        assert_eq!(
            uri("株式会社", "ユーザー", "abcd"),
            "otpauth://totp/%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE:%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC?secret=ABCD&issuer=%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE"
        );
    }

    #[test]
    fn secret_is_uppercased_without_padding_or_spaces() {
        assert_eq!(normalize_secret("asdf asdf===="), "ASDFASDF");
    }

    #[test]
    fn secret_is_grouped_in_fours() {
        assert_eq!(grouped_secret("asdfasdfasdf"), "ASDF ASDF ASDF");
        assert_eq!(grouped_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
