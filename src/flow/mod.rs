//! The enrollment state machine. Sans-IO: an [`Input`] or a response goes in, and
//! out comes either a [`Request`] to send or a [`Step`] to show. [`advance`] drives it
//! over any [`Transport`]; [`run`] adds the recovery after an answer that was lost.
//!
//! The promise of the product lives here, in the types: the request that turns SMS
//! off is built only from a [`TotpVerified`], which only a `VerifySoftwareToken`
//! SUCCESS makes (`setup.rs`); and [`Step::Done`] is shown only when Cognito itself
//! reports the authenticator app enabled and preferred (`account.rs`). A wrong or
//! abandoned code leaves the user with the factor they had.
//!
//! One file a phase: `sign_in.rs` (InitiateAuth and every challenge), `setup.rs`
//! (the new authenticator and the switch), `account.rs` (reading the account, and
//! what a read means after the switch). The protocol: `docs/cognito-protocol.md`.

mod account;
mod code;
mod driver;
mod platform;
mod setup;
mod sign_in;
mod step;
mod text;

pub use code::normalize_code;
pub use driver::{
    advance, backoff_ms, run, safe_to_retry, Outcome, Recovery, TokenSource, Transport, MAX_ATTEMPTS,
};
pub use platform::Platform;
pub use step::{CodeChannel, Enrolled, Factor, Input, MfaState, SmsAfter, Step, TotpSetup, STAGES};

use crate::cognito::types::{self, ChallengeName, TotpVerified};
use crate::cognito::Request;
use crate::srp::Ephemeral;
use crate::{Config, Error, Secret};
use std::rc::Rc;

/// What the caller does next.
#[derive(Debug)]
pub enum Action {
    /// Send this request and pass the answer to [`Enrollment::receive`].
    Send(Request),
    /// Show this step and wait for the person's [`Input`].
    Show(Step),
}

/// Which answer the flow is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// InitiateAuth or RespondToAuthChallenge.
    Auth,
    /// GetUser; `after_switch` when it reads back the switch just made.
    GetUser {
        after_switch: bool,
    },
    Associate,
    Verify,
    SetPreference,
}

/// Where the person is. Each state holds what it needs and nothing more, so a value
/// that belongs to one phase (a session, a secret, a token) cannot leak into another.
#[derive(Debug)]
enum State {
    /// Nobody signed in: at first, after a failed or expired sign-in, after done.
    SignedOut,
    /// InitiateAuth sent. With SRP, the password waits here for PASSWORD_VERIFIER.
    SigningIn(Option<SrpStarted>),
    /// A sign-in challenge waits for the person's answer (or the answer is out).
    Challenge(Challenge),
    /// MFA_SETUP: a new authenticator inside the sign-in (the pool requires MFA).
    SetupInSignIn(SetupInSignIn),
    /// Signed in.
    SignedIn(SignedIn),
}

/// A sign-in challenge.
#[derive(Debug)]
struct Challenge {
    name: ChallengeName,
    session: Option<Secret>,
}

/// MFA_SETUP, step by step: the secret's QR code, then the proof that it works.
#[derive(Debug)]
struct SetupInSignIn {
    session: Secret,
    /// AssociateSoftwareToken answered: the QR code is shown.
    associated: bool,
    /// VerifySoftwareToken said SUCCESS: the challenge is being answered, and once
    /// the tokens arrive the new factor is made the preferred one.
    verified: Option<TotpVerified>,
}

/// A signed-in user, and how far the setup has come.
#[derive(Debug)]
struct SignedIn {
    access_token: Secret,
    /// Cognito refused the token (expired or revoked): only a fresh one goes on.
    token_refused: bool,
    /// The account as last read (GetUser).
    account: Option<MfaState>,
    phase: Phase,
}

#[derive(Debug)]
enum Phase {
    /// The account is shown; the setup can begin.
    Account,
    /// A new secret's QR code is shown; waiting for its first code. (The secret
    /// itself went to the UI; the flow does not need to keep it.)
    ScanQr,
    /// SetUserMFAPreference was sent after a verified code: done once Cognito
    /// reports the app on and preferred, even if the answer to it was lost. The
    /// proof stays until then: a switch that AWS refuses for its SMS part is sent
    /// again without it (`setup.rs`).
    Switched { proof: TotpVerified, sms: SmsChange },
}

/// What the switch asks of the SMS factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SmsChange {
    /// `SMSMfaSettings { Enabled: false }`: the person has SMS and the admin wants it off.
    TurnOff,
    /// `SMSMfaSettings { Enabled: true, PreferredMfa: false }`: kept as a fallback.
    KeepAsBackup,
    /// No `SMSMfaSettings`: the person has no SMS factor (AWS refuses any SMS
    /// settings for a user without a phone number), or AWS refused to turn it off.
    Untouched,
}

/// An SRP sign-in between InitiateAuth and the PASSWORD_VERIFIER answer.
#[derive(Debug)]
struct SrpStarted {
    ephemeral: Ephemeral,
    password: Secret,
}

/// One person's way from sign-in to an enabled authenticator app.
pub struct Enrollment {
    config: Rc<Config>,
    platform: Box<dyn Platform>,
    state: State,
    /// What the person typed, for the authenticator label and to fill the sign-in
    /// form again after a session expired.
    typed_username: String,
    /// The username Cognito wants in challenge answers (`USERNAME` parameter).
    username: String,
    /// SMS was one of this person's factors (an SMS challenge, or the account read),
    /// so the done step says what became of it.
    had_sms: bool,
    /// An SMS code sent and not used yet: to whom (as typed, lower case) and when
    /// (Unix seconds). Kept across a new sign-in, so that one started again at once
    /// does not send another text message ([`Error::SmsCooldown`]).
    sms_sent: Option<(String, u64)>,
    pending: Option<Pending>,
}

impl std::fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrollment")
            .field("username", &self.username)
            .field("state", &self.state)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Enrollment {
    /// A flow that starts at sign-in.
    /// The widget shares one `Rc<Config>` between the flows it starts, so a new flow
    /// does not copy every setting.
    pub fn new(config: impl Into<Rc<Config>>, platform: Box<dyn Platform>) -> Self {
        Self {
            config: config.into(),
            platform,
            state: State::SignedOut,
            typed_username: String::new(),
            username: String::new(),
            had_sms: false,
            sms_sent: None,
            pending: None,
        }
    }

    /// The username typed at sign-in, to fill the form again after a session expired.
    pub fn typed_username(&self) -> &str {
        &self.typed_username
    }

    /// The configuration the flow runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// True while a request is out; inputs are refused meanwhile.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether a user is signed in (an access token is held).
    pub fn is_signed_in(&self) -> bool {
        matches!(self.state, State::SignedIn(_))
    }

    /// Whether the switch was sent and Cognito has not reported it made: after an
    /// error there, only a read of the account tells where the person stands.
    fn switch_unconfirmed(&self) -> bool {
        matches!(&self.state, State::SignedIn(signed_in) if matches!(signed_in.phase, Phase::Switched { .. }))
    }

    /// Whether Cognito refused the access token (expired, revoked): a fresh token
    /// from the host, or a new sign-in, is the only way on.
    pub fn access_token_refused(&self) -> bool {
        matches!(&self.state, State::SignedIn(signed_in) if signed_in.token_refused)
    }

    /// Takes a fresh access token for the signed-in user after Cognito refused the
    /// last one, keeping where the person is. Returns what to send again: `again`
    /// (the input that was refused), or a read of the account when nothing else can
    /// be repeated (the first read failed, or the switch itself was refused: its
    /// proof is used up, and the account read shows what holds).
    pub fn renew_access_token(&mut self, token: Secret, again: Option<Input>) -> Input {
        self.replace_access_token(token);
        if self.switch_unconfirmed() {
            return Input::ReadAccount;
        }
        again.unwrap_or(Input::ReadAccount)
    }

    /// Takes the host's new access token for the signed-in user (the host renewed its
    /// session), keeping where the person is: the next call carries it. Whether it is
    /// the same person's is the caller's to check ([`crate::cognito::token::subject`]).
    /// Does nothing when nobody is signed in.
    pub fn replace_access_token(&mut self, token: Secret) {
        if let State::SignedIn(signed_in) = &mut self.state {
            signed_in.access_token = token;
            signed_in.token_refused = false;
        }
    }

    /// A random number for retry jitter.
    fn random_u32(&self) -> u32 {
        let mut bytes = [0u8; 4];
        match self.platform.random_bytes(&mut bytes) {
            Ok(()) => u32::from_le_bytes(bytes),
            Err(_) => 0,
        }
    }

    /// Forgets the request in flight, as if it had failed: its answer will be refused.
    /// An abandoned sign-in drops the password with it.
    pub fn abandon_request(&mut self) {
        self.pending = None;
        if matches!(self.state, State::SigningIn(_)) {
            self.state = State::SignedOut;
        }
    }

    /// Takes the person's input.
    ///
    /// # Errors
    /// Input errors ([`Error::EmptyField`], [`Error::CodeFormat`]) before anything is
    /// sent, and [`Error::OutOfOrder`] for an input the current state does not take.
    pub fn input(&mut self, input: Input) -> Result<Action, Error> {
        if self.pending.is_some() {
            return Err(Error::OutOfOrder);
        }
        match input {
            Input::SignIn { username, password } => self.sign_in(username, password),
            Input::ChallengeCode(code) => self.answer_code(&code),
            Input::ChooseFactor(factor) => self.choose_factor(factor),
            Input::NewPassword { password, confirmation, attributes } => {
                self.new_password(&password, &confirmation, &attributes)
            }
            Input::UseAccessToken(token) => self.use_access_token(token),
            Input::ReadAccount => self.read_account(false),
            Input::BeginTotpSetup => self.begin_setup(),
            Input::VerifyTotp { code, device_name } => self.verify(&code, device_name),
        }
    }

    /// Takes the answer to the last request sent. A transport or service error ends
    /// the round trip and leaves the flow where it was, so the person can try again;
    /// an expired session signs out.
    ///
    /// # Errors
    /// The error passed in, or one found in the answer.
    pub fn receive(&mut self, response: Result<String, Error>) -> Result<Action, Error> {
        let pending = self.pending.take().ok_or(Error::OutOfOrder)?;
        // Whatever a sign-in answer holds (a failure, an unreadable body, a challenge
        // other than PASSWORD_VERIFIER), the password is not kept past it.
        let srp = match &mut self.state {
            State::SigningIn(srp) => srp.take(),
            _ => None,
        };
        let body = match response {
            Ok(body) => body,
            Err(error) => {
                let error = match pending {
                    // AWS answers a wrong first code with EnableSoftwareTokenMFAException,
                    // moto with CodeMismatchException: either way the code did not match,
                    // the secret stays valid, and the person types the next code.
                    Pending::Verify if error.is_code_mismatch() => Error::CodeRejected,
                    Pending::SetPreference if error.is_invalid_parameter() => {
                        if let Some(resend) = self.switch_without_sms() {
                            return Ok(resend);
                        }
                        error
                    }
                    _ => error,
                };
                if let State::SignedIn(signed_in) = &mut self.state {
                    // Every request of a signed-in user carries the access token, so a
                    // NotAuthorized answer means the token: the person stays where they
                    // are until a fresh one comes (or signs in again).
                    signed_in.token_refused |= error.is_not_authorized();
                } else if error.is_session_expired() || matches!(self.state, State::SigningIn(_)) {
                    // The auth session is gone (or the sign-in failed): only a new
                    // sign-in can go on. The typed username stays for the form.
                    self.state = State::SignedOut;
                }
                return Err(error);
            }
        };
        match pending {
            Pending::Auth => self.on_auth(types::parse(&body)?, srp),
            Pending::GetUser { after_switch } => self.on_account(types::parse(&body)?, after_switch),
            Pending::Associate => self.on_associate(types::parse(&body)?),
            Pending::Verify => self.on_verify(types::parse(&body)?),
            Pending::SetPreference => self.read_account(true),
        }
    }

    /// Forgets everything of an earlier sign-in.
    fn reset(&mut self) {
        self.typed_username.clear();
        self.username.clear();
        self.had_sms = false;
        self.state = State::SignedOut;
        self.pending = None;
    }

    fn signed_in(&mut self) -> Result<&mut SignedIn, Error> {
        match &mut self.state {
            State::SignedIn(signed_in) => Ok(signed_in),
            _ => Err(Error::OutOfOrder),
        }
    }

    fn expect(&mut self, pending: Pending, request: Request) -> Action {
        self.pending = Some(pending);
        Action::Send(request)
    }
}

#[cfg(test)]
mod tests;
