//! The `otpauth://` URI that authenticator apps read from the QR code, and the secret
//! as people type it.
//!
//! Format (Google's Key URI format, which every authenticator app follows):
//! `otpauth://totp/{issuer}:{account}?secret={base32}&issuer={issuer}`, each part
//! percent-encoded per RFC 3986. Cognito's TOTP uses the defaults (SHA1, 6 digits,
//! 30 s), so no `algorithm`, `digits` or `period` parameters are written.
//!
//! The page shows people what their app will show before they scan, so the names
//! come from one place, [`Entry`], and the URI is built from the same values.

use crate::text::position_of_any;

/// The names an authenticator app shows for the new entry: the issuer above, the
/// account below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The issuer, exactly as configured: it travels in the `issuer` parameter, where
    /// the format allows any character and where apps take the issuer from.
    pub issuer: String,
    /// The account name, with each colon replaced by a hyphen: the label is the only
    /// place it travels, and the format forbids a colon there (apps split on it).
    pub account: String,
}

impl Entry {
    /// The entry for `issuer` and `account` as the app will show them. The account
    /// may come from Cognito (an email attribute a user set): control and
    /// text-direction characters are left out of it, so that the app and the preview
    /// show the name as it reads (the issuer is checked with the config).
    pub fn new(issuer: &str, account: &str) -> Self {
        let mut shown = String::with_capacity(account.len());
        for c in account.chars() {
            match c {
                ':' => shown.push('-'),
                c if crate::text::hides_or_reorders(c) => {}
                c => shown.push(c),
            }
        }
        Entry { issuer: issuer.to_owned(), account: shown }
    }

    /// The `otpauth://` URI for `secret`.
    ///
    /// The label carries the issuer as a prefix too (apps from before the `issuer`
    /// parameter read only the label), except when the issuer has a colon: a prefix
    /// must equal the parameter and cannot hold a colon, so then the label is the
    /// account alone and every current app shows the issuer from the parameter.
    /// Changing the colon instead ("Hidden Co- Ops") would show a name that is not
    /// the organisation's.
    pub fn uri(&self, secret: &str) -> String {
        let issuer = encode(&self.issuer);
        let account = encode(&self.account);
        let secret = normalize_secret(secret);
        let label = if position_of_any(&self.issuer, b":").is_some() {
            account
        } else {
            format!("{issuer}:{account}")
        };
        format!("otpauth://totp/{label}?secret={secret}&issuer={issuer}")
    }
}

/// Whether `secret` is what Cognito sends as `SecretCode`: the base32 alphabet
/// (RFC 4648), with `=` padding at the end only; spaces, which [`normalize_secret`]
/// drops, are let be. Anything else would change the URI's meaning (a `#` pushes
/// the issuer into its fragment). No length is asked: AWS sends 32 characters,
/// moto 12.
pub fn is_base32_secret(secret: &str) -> bool {
    // Bytes, not char patterns: their searchers would bring core's memchr into the module.
    let bytes = secret.as_bytes();
    let data_end = bytes.iter().rposition(|&b| b != b'=').map_or(0, |at| at + 1);
    let mut digits = 0;
    for &b in bytes.get(..data_end).unwrap_or_default() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'2'..=b'7' => digits += 1,
            b' ' => {}
            _ => return false,
        }
    }
    digits > 0
}

/// The base32 secret as apps expect it: upper case, no spaces, no `=` padding.
pub fn normalize_secret(secret: &str) -> String {
    secret.chars().filter(|c| !c.is_whitespace() && *c != '=').map(|c| c.to_ascii_uppercase()).collect()
}

/// The secret in groups of four, for people who type it into their app.
pub fn grouped_secret(secret: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in normalize_secret(secret).chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    grouped
}

/// RFC 3986 percent-encoding: everything but the unreserved characters, byte by byte
/// of the UTF-8 form (so a space is `%20`, never `+`).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(issuer: &str, account: &str, secret: &str) -> String {
        Entry::new(issuer, account).uri(secret)
    }

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
    fn an_issuer_with_a_colon_travels_whole_in_the_issuer_parameter_only() {
        let entry = Entry::new("Hidden Co: Ops", "alice");
        assert_eq!(entry.issuer, "Hidden Co: Ops", "what the page previews");
        assert_eq!(
            entry.uri("ABCD"),
            "otpauth://totp/alice?secret=ABCD&issuer=Hidden%20Co%3A%20Ops",
            "no label prefix that would have to differ from the parameter"
        );
    }

    #[test]
    fn a_colon_in_the_account_becomes_a_hyphen_in_the_label_and_in_the_preview() {
        let entry = Entry::new("HR", "a:b");
        assert_eq!(entry.account, "a-b");
        let u = entry.uri("ABCD");
        assert_eq!(u, "otpauth://totp/HR:a-b?secret=ABCD&issuer=HR");
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

    #[test]
    fn only_a_base32_secret_is_taken() {
        for good in [
            "JBSWY3DPEHPK3PXP",
            "jbswy3dpehpk3pxp",
            "asdfasdfasdf",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP====",
            &"A".repeat(52),
        ] {
            assert!(is_base32_secret(good), "{good}");
        }
        for bad in [
            "",
            "====",
            "JBSWY3DPEHPK3PX#",
            "JBSWY3DPEHPK3PX0",
            "JBSWY3DP=HPK3PXP",
            "JBSWY3DPEHPK3PX&issuer=X",
            "ＪBSWY3DPEHPK3PXP",
        ] {
            assert!(!is_base32_secret(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_account_in_the_app_leaves_out_characters_that_reorder_or_hide_text() {
        let entry = Entry::new("Example Corp", "alice\u{202E}moc.elpmaxe\u{202C}@example.com\u{7}");
        assert_eq!(entry.account, "alicemoc.elpmaxe@example.com");
        assert!(!entry.uri("JBSWY3DPEHPK3PXP").contains("%E2%80%AE"), "no override in the QR code either");
    }
}
