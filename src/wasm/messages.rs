//! Everything the widget says to people, per language. Rust `Display` stays technical;
//! these are the words people read. A new language is one more `Messages` value.

use crate::Error;

/// The texts of one language.
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
    pub lost_phone: &'static str,
    /// Error texts by [`Error::code`]: what happened and what to do next.
    pub errors: &'static [(&'static str, &'static str)],
    /// For codes not in `errors`; `{code}` and `{message}` are replaced.
    pub unknown_error: &'static str,
    /// When the sign-in session ran out.
    pub session_expired: &'static str,
}

impl Messages {
    /// The text for an error, with what the person can do next.
    pub fn error(&self, error: &Error) -> String {
        if error.is_session_expired() {
            return self.session_expired.to_owned();
        }
        let code = error.code();
        if let Some((_, text)) = self.errors.iter().find(|(c, _)| *c == code) {
            return (*text).to_owned();
        }
        let message = match error {
            Error::Service(e) => e.message.as_str(),
            _ => "",
        };
        self.unknown_error.replace("{code}", code).replace("{message}", message)
    }
}

/// English.
pub const EN: Messages = Messages {
    lang: "en",
    sign_in_title: "Set up an authenticator app",
    sign_in_intro: "Sign in as usual. You will then add this account to an authenticator app on your phone.",
    username: "Username",
    password: "Password",
    sign_in: "Sign in",
    code_title: "Enter your sign-in code",
    code_sent_sms_to: "We sent a text message with a 6-digit code to {destination}.",
    code_sent_sms: "We sent a text message with a 6-digit code to your phone.",
    code_sent_email_to: "We sent an email with a 6-digit code to {destination}.",
    code_sent_email: "We sent an email with a 6-digit code to your email address.",
    code_from_app: "Open your authenticator app and enter the 6-digit code it shows for this account.",
    code: "6-digit code",
    continue_: "Continue",
    cancel: "Cancel",
    choose_factor_title: "Choose how to get your sign-in code",
    choose_factor_legend: "Send or show my code with",
    new_password_title: "Choose a new password",
    new_password_intro: "You signed in with a temporary password. Choose your own password to continue.",
    new_password: "New password",
    new_password_again: "New password again",
    attr_email: "Email address",
    attr_phone: "Phone number (with country code, e.g. +81 90 1234 5678)",
    attr_name: "Full name",
    attr_given_name: "Given name",
    attr_family_name: "Family name",
    account_title: "How you sign in now",
    factor_sms: "Text message (SMS)",
    factor_totp: "Authenticator app",
    factor_email: "Email code",
    state_preferred: "On, asked at sign-in",
    state_on: "On",
    state_off: "Off",
    account_offer: "An authenticator app works without phone signal and is safer than text messages.",
    account_has_totp: "You already use an authenticator app. Setting up a new one stops the current one from working the moment you start.",
    begin_setup: "Set up authenticator app",
    replace_setup: "Replace my authenticator app",
    qr_title: "Add the account to your app",
    qr_step_open: "Open your authenticator app (for example Google Authenticator or Microsoft Authenticator) and choose to add an account.",
    qr_step_scan: "Scan this QR code, or type the key below.",
    qr_step_code: "Enter the 6-digit code the app shows.",
    qr_alt: "QR code for the authenticator app: {issuer}, {account}",
    manual_key: "Can't scan? Type this key into the app:",
    open_in_app: "Open in authenticator app (on this device)",
    totp_code: "6-digit code from the app",
    device_name: "Device name (optional)",
    verify: "Verify and switch",
    done_title: "You're all set",
    done_totp: "From now on, sign in with the code from your authenticator app.",
    done_sms_off: "Text message codes are turned off.",
    done_sms_kept: "Text message codes stay on as a backup.",
    lost_phone: "If you lose your phone, ask your administrator to reset your MFA (in Cognito: turn off the user's MFA, AdminSetUserMFAPreference).",
    errors: &[
        ("NotAuthorizedException", "The username or password is wrong, or the session expired. Check them and try again."),
        ("UserNotFoundException", "The username or password is wrong. Check them and try again."),
        ("UserNotConfirmedException", "This account is not confirmed yet. Ask your administrator to confirm it."),
        ("PasswordResetRequiredException", "You need to reset your password first. Ask your administrator."),
        ("CodeMismatchException", "That code is not right. Check the code and try again; a code from the app changes every 30 seconds."),
        ("ExpiredCodeException", "That code has expired. Sign in again to get a new one."),
        ("TooManyRequestsException", "Too many attempts. Wait a minute and try again."),
        ("LimitExceededException", "Too many attempts. Wait a few minutes and try again."),
        ("SoftwareTokenMFANotFoundException", "Authenticator apps are not enabled for this user pool. An administrator must turn on TOTP (software token) MFA for the pool."),
        ("TotpNotAllowed", "This account must use a second factor, but authenticator apps are not enabled for the user pool. An administrator must turn on TOTP (software token) MFA in the pool's sign-in settings."),
        ("EnableSoftwareTokenMFAException", "The authenticator app could not be turned on. Start the setup again."),
        ("PasswordMismatch", "The two passwords are not the same. Type the new password twice."),
        ("InvalidPasswordException", "The new password does not meet the rules of this account (length, letters, digits, symbols). Choose another one."),
        ("PasswordHistoryPolicyViolationException", "You used this password before. Choose a new one."),
        ("AliasExistsException", "That email address or phone number is already used by another account."),
        ("MFAMethodNotFoundException", "That way of getting a code is not set up for your account. Choose another one."),
        ("ConcurrentModificationException", "Your account was changed at the same moment. Try again."),
        ("InvalidUserPoolConfigurationException", "The user pool is not set up for this. Tell your administrator."),
        ("ForbiddenException", "The request was blocked by the service's firewall. Try again later, or tell your administrator."),
        ("SrpError", "The sign-in service sent an answer that cannot be trusted. Sign-in was stopped. Tell your administrator."),
        ("InvalidParameterException", "Cognito did not accept the request. Try again; if it keeps happening, tell your administrator."),
        ("ResourceNotFoundException", "The page is set up for a user pool or app client that does not exist. Tell your administrator."),
        ("InternalErrorException", "Cognito had a problem. Try again in a moment."),
        ("NetworkError", "Could not reach the sign-in service. Check your connection and try again."),
        ("BadResponse", "The sign-in service sent an answer this page cannot read. Try again later."),
        ("EmptyField", "Please fill in every field."),
        ("CodeFormat", "Enter the 6 digits of the code."),
        ("CodeRejected", "That code is not right. Enter the code the app shows now."),
        ("ConfigError", "This page is not set up correctly. Tell your administrator."),
        ("UnsupportedChallenge", "Your account needs a sign-in step this page does not support yet. Tell your administrator."),
        ("OutOfOrder", "Please wait for the current step to finish."),
    ],
    unknown_error: "Something went wrong ({code}). {message}",
    session_expired: "Your sign-in took too long and has expired, for your safety. Please sign in again.",
};
