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
    /// The code of the current sign-in challenge (the SMS code).
    ChallengeCode(String),
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

/// What the page shows next.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Ask for username and password.
    SignIn,
    /// Ask for the code Cognito sent.
    ChallengeCode {
        /// How the code was sent.
        channel: CodeChannel,
        /// The masked destination (`+*******0083`), when Cognito says it.
        destination: Option<String>,
    },
    /// Signed in: show the account's MFA state and offer the authenticator setup.
    Account(MfaState),
    /// Show the QR code and ask for the first code from the app.
    ScanQr(TotpSetup),
    /// The switch is done; the state read back from Cognito.
    Done(MfaState),
}

/// How a sign-in code reached the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeChannel {
    /// SMS_MFA.
    Sms,
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
}

impl MfaState {
    /// Whether `factor` is enabled.
    pub fn has(&self, factor: Factor) -> bool {
        self.enabled.contains(&factor)
    }
}

/// A new authenticator entry, waiting for its first code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpSetup {
    /// The base32 secret, normalized (upper case, no padding).
    pub secret: Secret,
    /// The `otpauth://` URI for the QR code; contains the secret.
    pub uri: Secret,
    /// The issuer the app will show.
    pub issuer: String,
    /// The account name the app will show.
    pub account: String,
}
