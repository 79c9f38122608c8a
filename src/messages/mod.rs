//! Everything the widget says to people, one file per language. Rust `Display` stays
//! technical; these are the words people read. A new language is one more file here
//! and one more entry in [`LANGUAGES`] and [`compiled`].

mod en;
mod ja;

pub use en::EN;
pub use ja::JA;

use crate::text::fill;
use crate::Error;

/// The texts of one language. Each field is the text its name says.
#[allow(missing_docs)]
pub struct Messages {
    /// The BCP 47 tag, set as `lang` on the widget.
    pub lang: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub code_title: &'static str,
    /// `{destination}` is replaced by the masked phone number.
    pub code_sent_sms_to: &'static str,
    pub code_sent_sms: &'static str,
    /// `{destination}` is replaced by the masked address.
    pub code_sent_email_to: &'static str,
    pub code_sent_email: &'static str,
    pub code_from_app: &'static str,
    pub code: &'static str,
    pub continue_: &'static str,
    pub cancel: &'static str,
    pub choose_factor_title: &'static str,
    pub choose_factor_legend: &'static str,
    pub new_password_title: &'static str,
    pub new_password_intro: &'static str,
    pub new_password: &'static str,
    pub new_password_again: &'static str,
    pub attr_email: &'static str,
    pub attr_phone: &'static str,
    pub attr_name: &'static str,
    pub attr_given_name: &'static str,
    pub attr_family_name: &'static str,
    pub account_title: &'static str,
    pub factor_sms: &'static str,
    pub factor_totp: &'static str,
    pub factor_email: &'static str,
    pub state_preferred: &'static str,
    pub state_on: &'static str,
    pub state_off: &'static str,
    pub account_offer: &'static str,
    pub account_has_totp: &'static str,
    pub begin_setup: &'static str,
    pub replace_setup: &'static str,
    pub qr_title: &'static str,
    pub qr_step_open: &'static str,
    pub qr_step_scan: &'static str,
    pub qr_step_code: &'static str,
    /// Before a step's title: where the person is. `{n}` and `{total}` are replaced.
    pub progress: &'static str,
    /// On steps inside a sign-in; `{time}` is replaced by minutes and seconds left.
    pub session_left: &'static str,
    /// Announced once, 30 seconds before the sign-in runs out.
    pub session_ending: &'static str,
    /// On the QR step: an entry from an earlier visit no longer works.
    pub qr_old_entry: &'static str,
    /// On the QR step when this visit already showed another secret.
    pub qr_new_secret: &'static str,
    /// `{issuer}` and `{account}` are replaced.
    pub qr_alt: &'static str,
    pub manual_key: &'static str,
    pub open_in_app: &'static str,
    pub totp_code: &'static str,
    pub device_name: &'static str,
    pub verify: &'static str,
    pub done_title: &'static str,
    pub done_totp: &'static str,
    pub done_sms_off: &'static str,
    pub done_sms_kept: &'static str,
    /// SMS was to go, but Cognito keeps it (a pool that requires MFA) until the
    /// administrator turns it off for the whole pool.
    pub done_sms_until_admin: &'static str,
    pub lost_phone: &'static str,
    /// The done page's link back; `{name}` is replaced by the app's name.
    pub back_to: &'static str,
    /// The done page's link back when the admin gave no name.
    pub back: &'static str,
    pub page_title: &'static str,
    pub copy_key: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub app_preview: &'static str,
    /// `{seconds}` is replaced by the measured difference.
    pub clock_off: &'static str,
    /// Error texts by [`Error::code`]: what happened and what to do next.
    pub errors: &'static [(&'static str, &'static str)],
    /// For codes not in `errors`; `{code}` is replaced.
    pub unknown_error: &'static str,
    /// When the sign-in session ran out.
    pub session_expired: &'static str,
    /// Embedded: the host's sign-in expired and no fresh one came.
    pub sign_in_required: &'static str,
}

impl Messages {
    /// The text for an error, with what the person can do next.
    pub fn error(&self, error: &Error) -> String {
        let code = error.code();
        let text = self.errors.iter().find(|(c, _)| *c == code).map(|(_, text)| *text);
        // A Cognito type can mean several things (NotAuthorized: a wrong password, or
        // an auth session that expired); the crate's own errors say one thing each.
        if let (false, Some(text)) = (matches!(error, Error::Service(_)), text) {
            return match error {
                Error::SmsCooldown(seconds) => fill(text, "{seconds}", &format!("{seconds}")),
                _ => text.to_owned(),
            };
        }
        if error.is_session_expired() {
            return self.session_expired.to_owned();
        }
        if let Some(text) = text {
            return text.to_owned();
        }
        // Never Cognito's own text: it is English, and can echo what was sent.
        fill(self.unknown_error, "{code}", code)
    }
}

/// The languages there are texts for.
pub const LANGUAGES: [&str; 2] = ["en", "ja"];

/// The language of [`LANGUAGES`] for a BCP 47 tag (`ja`, `ja-JP`, `en-GB`, ...);
/// `None` if unsupported.
pub fn language(tag: &str) -> Option<&'static str> {
    let primary = crate::text::before_any(tag, b"-_").to_ascii_lowercase();
    match primary.as_str() {
        "ja" => Some("ja"),
        "en" => Some("en"),
        _ => None,
    }
}

/// The texts built into the module for a language of [`LANGUAGES`] (English for any
/// other). The stand-alone page never calls this, so its module carries no texts.
pub fn compiled(lang: &str) -> &'static Messages {
    match lang {
        "ja" => &JA,
        _ => &EN,
    }
}

/// The built-in texts for a BCP 47 tag; `None` if unsupported.
pub fn for_lang(tag: &str) -> Option<&'static Messages> {
    language(tag).map(compiled)
}

/// Every language, for tests that check each has every text.
pub const ALL: [&Messages; 2] = [&EN, &JA];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{COGNITO_CODES, LOCAL_CODES};

    #[test]
    fn every_error_has_a_message_in_every_language() {
        for texts in ALL {
            for code in LOCAL_CODES.iter().chain(COGNITO_CODES) {
                assert!(texts.errors.iter().any(|(c, _)| c == code), "{}: no message for {code}", texts.lang);
            }
            assert_eq!(texts.errors.len(), ALL[0].errors.len(), "{}: same codes as English", texts.lang);
        }
    }

    #[test]
    fn an_unknown_cognito_error_names_its_type_and_never_cognito_s_text() {
        let echo = r#"{"__type":"BrandNewException","message":"Invalid token eyJraWQiOi.secret.part"}"#;
        let error: Error = crate::cognito::ServiceError::parse(400, None, echo).into();
        for texts in ALL {
            let shown = texts.error(&error);
            assert!(shown.contains("BrandNewException"), "{shown}");
            assert!(!shown.contains("eyJ") && !shown.contains("Invalid token"), "{shown}");
        }
        assert!(!error.to_string().contains("eyJ"), "nor does the JS error's message: {error}");
    }

    #[test]
    fn the_sms_cooldown_says_how_many_seconds_are_left() {
        for texts in ALL {
            let shown = texts.error(&Error::SmsCooldown(27));
            assert!(shown.contains("27") && !shown.contains("{seconds}"), "{}: {shown}", texts.lang);
        }
    }

    #[test]
    fn every_language_is_built_in_under_its_own_tag() {
        for lang in LANGUAGES {
            assert_eq!(language(lang), Some(lang));
            assert_eq!(compiled(lang).lang, lang);
        }
        assert_eq!(ALL.len(), LANGUAGES.len());
    }

    #[test]
    fn a_tag_picks_its_language_by_the_primary_subtag() {
        assert_eq!(language("ja-JP"), Some("ja"));
        assert_eq!(language("JA_jp"), Some("ja"));
        assert_eq!(language("en-GB"), Some("en"));
        assert_eq!(language("jav"), None, "Javanese is not Japanese");
        assert_eq!(language("fr"), None);
        assert_eq!(language(""), None);
        assert_eq!(for_lang("ja").map(|m| m.lang), Some("ja"));
    }
}
