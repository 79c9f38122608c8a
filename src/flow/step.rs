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

/// The end of the way: the account as Cognito reports it once the switch is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    /// The MFA state read back: the authenticator app enabled and preferred.
    pub state: MfaState,
    /// SMS was one of the person's factors before (so the page says what became of it).
    pub had_sms: bool,
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
    /// The issuer the app will show.
    pub issuer: String,
    /// The account name the app will show.
    pub account: String,
    /// Set up inside the MFA_SETUP sign-in challenge.
    pub during_sign_in: bool,
}
