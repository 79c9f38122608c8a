//! What the flow asks of the person (steps) and what the person gives (inputs).

use crate::Secret;

/// What the person does next.
#[derive(Debug)]
#[non_exhaustive]
pub enum Input {
    /// Sign in with username and password.
    SignIn {
        /// The username, email or phone number the pool accepts for sign-in.
        username: String,
        /// The password.
        password: Secret,
    },
    /// The code of the current sign-in challenge (SMS, authenticator app or email).
    ChallengeCode(String),
    /// The factor picked at SELECT_MFA_TYPE.
    ChooseFactor(Factor),
    /// A new password (NEW_PASSWORD_REQUIRED), typed twice, and the attributes the
    /// pool requires (name without the `userAttributes.` prefix, value).
    NewPassword {
        /// The new password.
        password: Secret,
        /// The same password again; they must match.
        confirmation: Secret,
        /// Required attributes, e.g. `("email", "a@example.com")`.
        attributes: Vec<(String, String)>,
    },
    /// Skip sign-in: the host page already has an access token for the user.
    UseAccessToken(Secret),
    /// Read the signed-in user's MFA state again (GetUser).
    ReadAccount,
    /// Start setting up an authenticator app (calls AssociateSoftwareToken).
    BeginTotpSetup,
    /// The first code from the authenticator app.
    VerifyTotp {
        /// Six digits; spaces, hyphens and full-width digits are accepted.
        code: String,
        /// A name for the device, shown to admins; optional.
        device_name: Option<String>,
    },
}

impl Input {
    /// A copy of an input that only the access token authorizes, to send again with a
    /// fresh token; `None` for the others (they carry a password or a token) and for
    /// a read of the account, which is what a renewal without a copy sends anyway.
    pub fn resend_copy(&self) -> Option<Input> {
        match self {
            Input::BeginTotpSetup => Some(Input::BeginTotpSetup),
            Input::VerifyTotp { code, device_name } => {
                Some(Input::VerifyTotp { code: code.clone(), device_name: device_name.clone() })
            }
            _ => None,
        }
    }
}

/// What the page shows next.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Ask for username and password.
    SignIn,
    /// Ask for a sign-in code.
    ChallengeCode {
        /// How the code was sent.
        channel: CodeChannel,
        /// The masked destination (`+*******0083`), when Cognito says it.
        destination: Option<String>,
    },
    /// Let the person pick how to get the sign-in code (SELECT_MFA_TYPE).
    ChooseFactor(Vec<Factor>),
    /// Ask for a new password (first sign-in of an admin-created user) and the
    /// attributes the pool requires, by name.
    NewPassword {
        /// Attribute names, without the `userAttributes.` prefix.
        required_attributes: Vec<String>,
    },
    /// Signed in: show the account's MFA state and offer the authenticator setup.
    Account(MfaState),
    /// Show the QR code and ask for the first code from the app.
    ScanQr(TotpSetup),
    /// The switch is done, as Cognito reports it.
    Done(Enrolled),
}

/// How many stages a person goes through: signing in, confirming it is them (a
/// sign-in code) and adding the app. A stage the account does not need (no code
/// for an account without MFA) is skipped, not renumbered: the count stays the same
/// from the first page to the last.
pub const STAGES: u8 = 3;

impl Step {
    /// The stage this step belongs to, from 1 to [`STAGES`]; `None` once done.
    pub fn stage(&self) -> Option<u8> {
        match self {
            Step::SignIn | Step::NewPassword { .. } => Some(1),
            Step::ChallengeCode { .. } | Step::ChooseFactor(_) => Some(2),
            Step::Account(_) | Step::ScanQr(_) => Some(3),
            Step::Done(_) => None,
        }
    }

    /// Whether the step answers a sign-in challenge, so that its answer must reach
    /// Cognito before the auth session runs out (the app client's auth session
    /// validity, 3 minutes by default). After that, only a new sign-in can go on.
    pub fn in_auth_session(&self) -> bool {
        match self {
            Step::ChallengeCode { .. } | Step::ChooseFactor(_) | Step::NewPassword { .. } => true,
            Step::ScanQr(setup) => setup.during_sign_in,
            Step::SignIn | Step::Account(_) | Step::Done(_) => false,
        }
    }
}

/// The end of the way: the account as Cognito reports it once the switch is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    /// The MFA state read back: the authenticator app enabled and preferred.
    pub state: MfaState,
    /// What became of SMS, as far as Cognito's answers tell (the done page says it).
    pub sms: SmsAfter,
}

impl Enrolled {
    /// SMS was one of the person's factors before the switch.
    pub fn had_sms(&self) -> bool {
        self.sms != SmsAfter::NeverHad
    }
}

/// What became of SMS once the app is on: decided from what the switch asked and
/// what Cognito reports afterwards, so the done page never claims more than is true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsAfter {
    /// The person never had SMS (no SMS challenge, none in the account).
    NeverHad,
    /// The switch turned SMS off and Cognito no longer lists it.
    TurnedOff,
    /// The admin keeps SMS as a fallback (`disableSms: false`).
    KeptAsBackup,
    /// SMS was to go, but Cognito keeps it: the pool requires MFA (AWS keeps SMS on
    /// for its users), or the account's SMS could not be turned off from here. It
    /// goes when the administrator turns SMS off for the pool.
    KeptUntilAdminTurnsOff,
}

/// Where the sign-in code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeChannel {
    /// SMS_MFA: a text message.
    Sms,
    /// SOFTWARE_TOKEN_MFA: the authenticator app.
    Totp,
    /// EMAIL_OTP: an email.
    Email,
}

impl CodeChannel {
    /// The challenge name and the response key that carries the code.
    pub fn challenge(self) -> (&'static str, &'static str) {
        match self {
            CodeChannel::Sms => ("SMS_MFA", "SMS_MFA_CODE"),
            CodeChannel::Totp => ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
            CodeChannel::Email => ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        }
    }
}

/// A second factor Cognito knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    /// `SMS_MFA`.
    Sms,
    /// `SOFTWARE_TOKEN_MFA`: an authenticator app.
    Totp,
    /// `EMAIL_OTP`.
    Email,
}

impl Factor {
    /// Reads Cognito's name of a factor.
    pub fn from_cognito(name: &str) -> Option<Self> {
        match name {
            "SMS_MFA" => Some(Factor::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(Factor::Totp),
            "EMAIL_OTP" => Some(Factor::Email),
            _ => None,
        }
    }

    /// Cognito's name of the factor.
    pub fn cognito_name(self) -> &'static str {
        match self {
            Factor::Sms => "SMS_MFA",
            Factor::Totp => "SOFTWARE_TOKEN_MFA",
            Factor::Email => "EMAIL_OTP",
        }
    }
}

/// The user's MFA settings as GetUser reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaState {
    /// Cognito's internal username.
    pub username: String,
    /// The enabled factors.
    pub enabled: Vec<Factor>,
    /// The preferred factor, if any.
    pub preferred: Option<Factor>,
    /// The `email` attribute, if the user has one.
    pub email: Option<String>,
}

impl MfaState {
    /// Whether `factor` is enabled.
    pub fn has(&self, factor: Factor) -> bool {
        self.enabled.contains(&factor)
    }
}

/// A new authenticator entry, waiting for its first code.
///
/// `during_sign_in` is true inside an MFA_SETUP challenge (the pool requires MFA and
/// the user has none yet): then the auth session, not a token, identifies the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpSetup {
    /// The base32 secret, normalized (upper case, no padding).
    pub secret: Secret,
    /// The `otpauth://` URI for the QR code; contains the secret.
    pub uri: Secret,
    /// The issuer the app will show (the `issuer` parameter of `uri`).
    pub issuer: String,
    /// The account name the app will show (the label of `uri`, colons made hyphens).
    pub account: String,
    /// Set up inside the MFA_SETUP sign-in challenge.
    pub during_sign_in: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(during_sign_in: bool) -> Step {
        Step::ScanQr(TotpSetup {
            secret: Secret::new("A"),
            uri: Secret::new("otpauth://totp/x"),
            issuer: "I".into(),
            account: "a".into(),
            during_sign_in,
        })
    }

    fn account() -> MfaState {
        MfaState { username: "u".into(), enabled: vec![], preferred: None, email: None }
    }

    #[test]
    fn the_stage_counts_sign_in_then_code_then_app() {
        let code = Step::ChallengeCode { channel: CodeChannel::Sms, destination: None };
        let new_password = Step::NewPassword { required_attributes: vec![] };
        let stages: Vec<_> = [
            Step::SignIn,
            new_password,
            code,
            Step::ChooseFactor(vec![]),
            Step::Account(account()),
            setup(false),
        ]
        .iter()
        .map(Step::stage)
        .collect();
        assert_eq!(stages, [Some(1), Some(1), Some(2), Some(2), Some(3), Some(3)]);
        assert_eq!(Step::Done(Enrolled { state: account(), sms: SmsAfter::TurnedOff }).stage(), None);
    }

    #[test]
    fn only_answers_to_a_sign_in_challenge_run_against_the_auth_session() {
        let code = Step::ChallengeCode { channel: CodeChannel::Sms, destination: None };
        assert!(code.in_auth_session());
        assert!(Step::ChooseFactor(vec![Factor::Sms]).in_auth_session());
        assert!(Step::NewPassword { required_attributes: vec![] }.in_auth_session());
        assert!(setup(true).in_auth_session(), "MFA_SETUP: the session identifies the user");
        assert!(!setup(false).in_auth_session(), "signed in: a token identifies the user");
        assert!(!Step::SignIn.in_auth_session());
        assert!(!Step::Account(account()).in_auth_session());
        assert!(!Step::Done(Enrolled { state: account(), sms: SmsAfter::NeverHad }).in_auth_session());
    }
}
