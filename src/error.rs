//! The one error type of the crate. Every variant says when it happens; `code()` is
//! stable and is what the UI translates and what JS sees as `error.code`.

use crate::text::contains;
use std::fmt;

pub use crate::cognito::{ErrorCode, ServiceError};

/// Everything that can stop a step of the enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Cognito answered with an error (`NotAuthorizedException`, `CodeMismatchException`,
    /// ...). Unknown error types are kept with their code and message.
    /// Boxed: the other variants fit in 16 bytes, and every `?` moves the whole enum.
    Service(Box<ServiceError>),
    /// The request never got an answer: offline, DNS, CORS, or a blocked endpoint.
    /// The user can retry; nothing changed on the server as far as we know.
    Network(String),
    /// Cognito (or something pretending to be it) answered 2xx with a body we cannot read.
    BadResponse {
        /// The member or value at fault, or empty.
        subject: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A required field is empty. The field name is the config or form name.
    EmptyField(&'static str),
    /// A field is longer than Cognito takes (username 128, password 256, ...).
    /// Nothing was sent.
    TooLong(&'static str),
    /// A field holds control characters (a paste gone wrong). Nothing was sent.
    ControlCharacters(&'static str),
    /// The code typed is not six digits. Nothing was sent.
    CodeFormat,
    /// `VerifySoftwareToken` answered `Status: ERROR`: the code did not match.
    CodeRejected,
    /// The two new passwords differ. Nothing was sent.
    PasswordMismatch,
    /// After the switch, Cognito does not report the authenticator app as enabled and
    /// preferred (the answer to SetUserMFAPreference was not what it seemed). The
    /// user keeps the factor they had and can set up again.
    SwitchNotConfirmed,
    /// The pool does not allow authenticator apps (MFA_SETUP offers no
    /// SOFTWARE_TOKEN_MFA). An admin must enable TOTP MFA on the user pool.
    TotpNotAllowed,
    /// The configuration cannot work; `field` names what to fix.
    Config {
        /// The config key at fault (`userPoolId`, `clientId`, `region`, `endpoint`).
        field: &'static str,
        /// What is wrong with it, in technical English.
        problem: &'static str,
    },
    /// The SRP exchange cannot go on: the server sent a value no honest server
    /// sends (B ≡ 0 mod N, u = 0). Treat as an attack or a broken endpoint.
    Srp(&'static str),
    /// Cognito asked for a challenge this module does not answer yet.
    UnsupportedChallenge(String),
    /// The UI asked for something the flow is not waiting for (a bug in the caller,
    /// or a second click while a request is in flight).
    OutOfOrder,
    /// The sign-in's auth session ran out on the page's clock (the app client's auth
    /// session validity), before anything more was sent: sign in again.
    SessionTimedOut,
    /// Cognito refused the access token because it lacks the
    /// `aws.cognito.signin.user.admin` scope (AWS: `NotAuthorizedException`, "Access
    /// Token does not have required scopes"), as tokens from managed login or OAuth
    /// with only `openid email` do. Neither a fresh token of the same kind nor a new
    /// sign-in at the same place helps: the host must ask for that scope.
    TokenScope,
    /// Cognito locked the account's sign-in for a while after too many wrong
    /// passwords (AWS: `NotAuthorizedException`, "Password attempts exceeded"; the
    /// lock starts at a second and doubles, to about 15 minutes). Wait, then sign in.
    PasswordAttemptsExceeded,
    /// The sign-in's session was used already (AWS: "Invalid session for the user,
    /// session can only be used once."), typically because the answer to a step was
    /// lost on its way back and the step was sent again: sign in again.
    SessionUsed,
    /// A new sign-in for the same user so soon after an SMS code was sent that it
    /// would send another text message: wait this many seconds. Nothing was sent.
    SmsCooldown(u32),
}

/// Seconds between two sign-ins of one user that each send an SMS code.
pub const SMS_COOLDOWN_SECONDS: u32 = 30;

/// The scope Cognito's token-authorized calls (GetUser, AssociateSoftwareToken,
/// VerifySoftwareToken, SetUserMFAPreference) require of an access token.
pub const REQUIRED_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Every code an [`Error`] of this crate's own can carry (service errors carry
/// Cognito's), for the UI's completeness checks.
pub const LOCAL_CODES: &[&str] = &[
    "NetworkError",
    "BadResponse",
    "EmptyField",
    "TooLong",
    "ControlCharacters",
    "CodeFormat",
    "CodeRejected",
    "PasswordMismatch",
    "TotpNotAllowed",
    "SwitchNotConfirmed",
    "ConfigError",
    "SrpError",
    "UnsupportedChallenge",
    "OutOfOrder",
    "SessionTimedOut",
    "TokenScope",
    "PasswordAttemptsExceeded",
    "SessionUsed",
    "SmsCooldown",
];

/// The Cognito error types a person can meet on this page (docs/cognito-protocol.md's
/// table): the names of the typed [`ErrorCode`]s.
pub const COGNITO_CODES: &[&str] = &crate::cognito::COGNITO_CODES;

impl Error {
    /// A stable identifier: the Cognito error type for service errors (for example
    /// `NotAuthorizedException`), otherwise the variant name.
    pub fn code(&self) -> &str {
        match self {
            Error::Service(e) => e.code.as_str(),
            Error::Network(_) => "NetworkError",
            Error::BadResponse { .. } => "BadResponse",
            Error::EmptyField(_) => "EmptyField",
            Error::TooLong(_) => "TooLong",
            Error::ControlCharacters(_) => "ControlCharacters",
            Error::CodeFormat => "CodeFormat",
            Error::CodeRejected => "CodeRejected",
            Error::PasswordMismatch => "PasswordMismatch",
            Error::TotpNotAllowed => "TotpNotAllowed",
            Error::SwitchNotConfirmed => "SwitchNotConfirmed",
            Error::Config { .. } => "ConfigError",
            Error::Srp(_) => "SrpError",
            Error::UnsupportedChallenge(_) => "UnsupportedChallenge",
            Error::OutOfOrder => "OutOfOrder",
            Error::SessionTimedOut => "SessionTimedOut",
            Error::TokenScope => "TokenScope",
            Error::PasswordAttemptsExceeded => "PasswordAttemptsExceeded",
            Error::SessionUsed => "SessionUsed",
            Error::SmsCooldown(_) => "SmsCooldown",
        }
    }

    /// True when Cognito says the sign-in session ran out (3 to 15 minutes after
    /// sign-in started): sign in again.
    pub fn is_session_expired(&self) -> bool {
        match self {
            Error::SessionTimedOut | Error::SessionUsed => true,
            Error::Service(e) => {
                let message = e.message.to_ascii_lowercase();
                (e.code == ErrorCode::NotAuthorized
                    && (contains(&message, "session") || contains(&message, "expired")))
                    || e.code.as_str() == "ExpiredSessionException"
            }
            _ => false,
        }
    }

    /// Cognito's NotAuthorizedException: for a signed-in user's request, the access
    /// token was refused (expired or revoked).
    pub fn is_not_authorized(&self) -> bool {
        matches!(self, Error::Service(e) if e.code == ErrorCode::NotAuthorized)
    }

    /// The code typed was wrong (a sign-in code, or the app's first code): the person
    /// can type another. AWS says so of the app's first code with
    /// `EnableSoftwareTokenMFAException` ("Code mismatch and fail enable Software
    /// Token MFA"), moto with `CodeMismatchException`.
    pub fn is_code_mismatch(&self) -> bool {
        matches!(self, Error::CodeRejected)
            || matches!(self, Error::Service(e)
                if matches!(e.code, ErrorCode::CodeMismatch | ErrorCode::EnableSoftwareTokenMfa))
    }

    /// Cognito's InvalidParameterException: the request asked for something this
    /// account or pool does not allow (SMS settings for a user without a phone
    /// number, SMS off where the pool requires MFA).
    pub fn is_invalid_parameter(&self) -> bool {
        matches!(self, Error::Service(e) if e.code == ErrorCode::InvalidParameter)
    }

    /// Worth trying again after a pause: no answer, a server fault or throttling.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Network(_) => true,
            Error::Service(e) => e.is_server_fault() || e.code == ErrorCode::TooManyRequests,
            _ => false,
        }
    }

    /// The request may or may not have taken effect: no answer, a server fault, or
    /// a success answer that could not be read. Read the state before going on.
    pub fn is_uncertain(&self) -> bool {
        match self {
            Error::Network(_) | Error::BadResponse { .. } | Error::SwitchNotConfirmed => true,
            Error::Service(e) => e.is_server_fault(),
            _ => false,
        }
    }

    /// The message of an [`Error::Config`], as `Display` writes it (the page's module
    /// writes it without `Display`: `src/wasm/error.rs`).
    pub fn config_message(field: &str, problem: &str) -> String {
        format!("config {field}: {problem}")
    }

    /// The form or config field the error is about, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::EmptyField(field)
            | Error::TooLong(field)
            | Error::ControlCharacters(field)
            | Error::Config { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The type only: Cognito's own text can echo what was sent (moto's echoes a
            // whole access token), and a host's error tracker records `message`.
            Error::Service(e) => write!(f, "Cognito answered {}", e.code.as_str()),
            Error::Network(detail) => write!(f, "network error: {detail}"),
            Error::BadResponse { subject: "", problem } => write!(f, "unreadable response: {problem}"),
            Error::BadResponse { subject, problem } => write!(f, "unreadable response: {subject} {problem}"),
            Error::EmptyField(field) => write!(f, "{field} is empty"),
            Error::TooLong(field) => write!(f, "{field} is too long"),
            Error::ControlCharacters(field) => write!(f, "{field} has control characters"),
            Error::CodeFormat => f.write_str("the code must be six digits"),
            Error::CodeRejected => f.write_str("the code was not accepted"),
            Error::PasswordMismatch => f.write_str("the passwords differ"),
            Error::TotpNotAllowed => f.write_str("the user pool does not allow authenticator apps"),
            Error::SwitchNotConfirmed => {
                f.write_str("Cognito does not report the authenticator app as preferred")
            }
            Error::Config { field, problem } => f.write_str(&Error::config_message(field, problem)),
            Error::Srp(what) => write!(f, "SRP: {what}"),
            Error::UnsupportedChallenge(name) => write!(f, "unsupported challenge {name}"),
            Error::OutOfOrder => f.write_str("this step is not expected now"),
            Error::SessionTimedOut => f.write_str("the sign-in session's time ran out"),
            Error::TokenScope => write!(f, "the access token lacks the {REQUIRED_SCOPE} scope"),
            Error::PasswordAttemptsExceeded => {
                f.write_str("sign-in is locked after too many wrong passwords")
            }
            Error::SessionUsed => f.write_str("the sign-in's session was used already"),
            Error::SmsCooldown(seconds) => write!(f, "an SMS code was sent {seconds} s too recently"),
        }
    }
}

impl std::error::Error for Error {}

impl From<ServiceError> for Error {
    /// Cognito's answer, typed once here. A NotAuthorizedException about the token's
    /// scopes is not an expired token: it gets its own variant, so that nothing asks
    /// the host for another token of the same kind or sends the person to sign in.
    fn from(e: ServiceError) -> Self {
        if e.code == ErrorCode::NotAuthorized {
            let message = e.message.to_ascii_lowercase();
            if contains(&message, "required scopes") {
                return Error::TokenScope;
            }
            if contains(&message, "attempts exceeded") {
                return Error::PasswordAttemptsExceeded;
            }
            if contains(&message, "only be used once") {
                return Error::SessionUsed;
            }
        }
        Error::Service(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, message: &str) -> Error {
        ServiceError::parse(400, None, &format!(r#"{{"__type":"{code}","message":"{message}"}}"#)).into()
    }

    #[test]
    fn a_token_without_the_admin_scope_is_its_own_error_not_an_expired_token() {
        let scope = service("NotAuthorizedException", "Access Token does not have required scopes");
        assert_eq!(scope, Error::TokenScope);
        assert!(!scope.is_not_authorized(), "no fresh token of the same kind is asked for");
        assert!(!scope.is_session_expired(), "nobody is sent to sign in again");
        assert!(scope.to_string().contains(REQUIRED_SCOPE));
        let expired = service("NotAuthorizedException", "Access Token has expired");
        assert!(expired.is_not_authorized());
        let other = service("InvalidParameterException", "Access Token does not have required scopes");
        assert!(matches!(other, Error::Service(_)), "only NotAuthorized speaks of the token");
    }

    #[test]
    fn a_lockout_and_a_used_session_are_named_not_taken_for_a_wrong_password() {
        let locked = service("NotAuthorizedException", "Password attempts exceeded");
        assert_eq!(locked, Error::PasswordAttemptsExceeded);
        assert!(!locked.is_session_expired());
        let used =
            service("NotAuthorizedException", "Invalid session for the user, session can only be used once.");
        assert_eq!(used, Error::SessionUsed);
        assert!(used.is_session_expired(), "only a new sign-in goes on");
        let wrong = service("NotAuthorizedException", "Incorrect username or password.");
        assert!(matches!(wrong, Error::Service(_)));
    }

    #[test]
    fn aws_s_and_moto_s_answers_to_a_wrong_first_code_are_both_a_code_mismatch() {
        let aws =
            service("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
        let moto = service("CodeMismatchException", "Code mismatch");
        assert!(aws.is_code_mismatch() && moto.is_code_mismatch() && Error::CodeRejected.is_code_mismatch());
        assert!(!service("NotAuthorizedException", "x").is_code_mismatch());
        assert!(service("InvalidParameterException", "x").is_invalid_parameter());
        assert!(!service("NotAuthorizedException", "x").is_invalid_parameter());
    }

    #[test]
    fn local_codes_list_every_variant() {
        let service =
            ServiceError { code: ErrorCode::Other("X".into()), message: String::new(), status: 400 };
        let all = [
            Error::Service(Box::new(service)),
            Error::Network(String::new()),
            Error::BadResponse { subject: "", problem: "" },
            Error::EmptyField("f"),
            Error::TooLong("f"),
            Error::ControlCharacters("f"),
            Error::CodeFormat,
            Error::CodeRejected,
            Error::PasswordMismatch,
            Error::TotpNotAllowed,
            Error::SwitchNotConfirmed,
            Error::Config { field: "f", problem: "" },
            Error::Srp("s"),
            Error::UnsupportedChallenge(String::new()),
            Error::OutOfOrder,
            Error::SessionTimedOut,
            Error::TokenScope,
            Error::PasswordAttemptsExceeded,
            Error::SessionUsed,
            Error::SmsCooldown(1),
        ];
        let local: Vec<&str> = all.iter().skip(1).map(Error::code).collect();
        assert_eq!(local, LOCAL_CODES);
        // No wildcard: a new variant does not compile until it is listed above.
        for error in &all {
            match error {
                Error::Service(_)
                | Error::Network(_)
                | Error::BadResponse { .. }
                | Error::EmptyField(_)
                | Error::TooLong(_)
                | Error::ControlCharacters(_)
                | Error::CodeFormat
                | Error::CodeRejected
                | Error::PasswordMismatch
                | Error::TotpNotAllowed
                | Error::SwitchNotConfirmed
                | Error::Config { .. }
                | Error::Srp(_)
                | Error::UnsupportedChallenge(_)
                | Error::OutOfOrder
                | Error::SessionTimedOut
                | Error::TokenScope
                | Error::PasswordAttemptsExceeded
                | Error::SessionUsed
                | Error::SmsCooldown(_) => {}
            }
        }
    }
}
