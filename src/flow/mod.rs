//! The enrollment state machine. Sans-IO: an [`Input`] or a response goes in, and
//! out comes either a [`Request`] to send or a [`Step`] to show. [`advance`] drives it
//! over any [`Transport`].
//!
//! The safe order is built in: SMS is touched only in the SetUserMFAPreference call
//! that follows a `VerifySoftwareToken` SUCCESS, so a wrong or abandoned code leaves
//! the user with the factor they had.

mod code;
mod driver;
mod platform;
mod step;

pub use code::normalize_code;
pub use driver::{advance, backoff_ms, safe_to_retry, Transport, MAX_ATTEMPTS};
pub use platform::Platform;
pub use step::{CodeChannel, Factor, Input, MfaState, Step, TotpSetup};

use crate::cognito::types::{
    self, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AuthResponse, GetUserRequest,
    GetUserResponse, InitiateAuthRequest, MfaSetting, RespondToAuthChallengeRequest,
    SetUserMfaPreferenceRequest, UserRef, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::cognito::{Operation, Request};
use crate::config::{AccountLabel, AuthFlow};
use crate::srp::{self, Ephemeral, VerifierChallenge};
use crate::{otpauth, Config, Error, Secret};

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
    Auth,
    GetUser { after_switch: bool },
    Associate,
    Verify,
    SetPreference,
}

/// A sign-in challenge waiting for the person's code.
#[derive(Debug)]
struct Challenge {
    name: String,
    session: Option<Secret>,
}

/// An SRP sign-in between InitiateAuth and the PASSWORD_VERIFIER answer.
#[derive(Debug)]
struct SrpStarted {
    ephemeral: Ephemeral,
    password: Secret,
}

/// One person's way from sign-in to an enabled authenticator app.
pub struct Enrollment {
    config: Config,
    platform: Box<dyn Platform>,
    srp: Option<SrpStarted>,
    /// What the person typed, for the authenticator label.
    typed_username: String,
    /// The username Cognito wants in challenge answers (`USERNAME` parameter).
    username: String,
    challenge: Option<Challenge>,
    access_token: Option<Secret>,
    mfa: Option<MfaState>,
    totp: Option<TotpSetup>,
    /// The TOTP was verified inside MFA_SETUP: once signed in, make it preferred.
    verified_during_sign_in: bool,
    /// SetUserMFAPreference (the switch itself) was sent in this sign-in.
    switch_sent: bool,
    pending: Option<Pending>,
}

impl std::fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrollment")
            .field("username", &self.username)
            .field("challenge", &self.challenge)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Enrollment {
    /// A flow that starts at sign-in.
    pub fn new(config: Config, platform: Box<dyn Platform>) -> Self {
        Self {
            config,
            platform,
            srp: None,
            typed_username: String::new(),
            username: String::new(),
            challenge: None,
            access_token: None,
            mfa: None,
            totp: None,
            verified_during_sign_in: false,
            switch_sent: false,
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

    /// True once the switch itself (SetUserMFAPreference, after a verified code) was
    /// sent: if the account then shows the app on and preferred, the switch took
    /// effect even when an answer after it was lost.
    pub fn switch_sent(&self) -> bool {
        self.switch_sent
    }

    /// Whether a user is signed in (an access token is held).
    pub fn is_signed_in(&self) -> bool {
        self.access_token.is_some()
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
    pub fn abandon_request(&mut self) {
        self.pending = None;
    }

    /// Takes the person's input.
    ///
    /// # Errors
    /// Input errors ([`Error::EmptyField`], [`Error::CodeFormat`]) before anything is
    /// sent, and [`Error::OutOfOrder`] for an input the current step does not take.
    pub fn input(&mut self, input: Input) -> Result<Action, Error> {
        if self.pending.is_some() {
            return Err(Error::OutOfOrder);
        }
        match input {
            Input::SignIn { username, password } => self.sign_in(username, password),
            Input::ChallengeCode(code) => self.answer_challenge(&code),
            Input::ChooseFactor(factor) => self.choose_factor(factor),
            Input::NewPassword { password, confirmation, attributes } => {
                self.new_password(&password, &confirmation, &attributes)
            }
            Input::UseAccessToken(token) => {
                if token.expose().trim().is_empty() {
                    return Err(Error::EmptyField("accessToken"));
                }
                self.reset();
                self.access_token = Some(token);
                self.get_user(false)
            }
            Input::ReadAccount => self.get_user(false),
            Input::BeginTotpSetup => {
                let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
                let body = AssociateSoftwareTokenRequest { user: UserRef::AccessToken(token.expose()) };
                let request = Request::new(Operation::AssociateSoftwareToken, &body);
                Ok(self.expect(Pending::Associate, request))
            }
            Input::VerifyTotp { code, device_name } => {
                let during_sign_in = self.totp.as_ref().ok_or(Error::OutOfOrder)?.during_sign_in;
                let user = if during_sign_in {
                    let session = self.challenge.as_ref().and_then(|c| c.session.as_ref());
                    UserRef::Session(session.ok_or(Error::OutOfOrder)?.expose())
                } else {
                    UserRef::AccessToken(self.access_token.as_ref().ok_or(Error::OutOfOrder)?.expose())
                };
                let code = normalize_code(&code)?;
                let device_name = device_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                if let Some(name) = &device_name {
                    check_text("deviceName", name, DEVICE_NAME_MAX)?;
                }
                let body = VerifySoftwareTokenRequest {
                    user,
                    user_code: &code,
                    friendly_device_name: device_name.as_deref(),
                };
                let request = Request::new(Operation::VerifySoftwareToken, &body);
                Ok(self.expect(Pending::Verify, request))
            }
        }
    }

    /// Takes the answer to the last request sent. A transport or service error ends
    /// the round trip and leaves the flow where it was, so the person can try again.
    ///
    /// # Errors
    /// The error passed in, or one found in the answer.
    pub fn receive(&mut self, response: Result<String, Error>) -> Result<Action, Error> {
        let pending = self.pending.take().ok_or(Error::OutOfOrder)?;
        // Whatever a sign-in answer holds (a failure, an unreadable body, a challenge
        // other than PASSWORD_VERIFIER), the password is not kept past it.
        let srp = if pending == Pending::Auth { self.srp.take() } else { None };
        let body = match response {
            Ok(body) => body,
            Err(error) => {
                if error.is_session_expired() {
                    // The auth session is gone: only a new sign-in can go on.
                    self.challenge = None;
                    self.totp = None;
                }
                return Err(error);
            }
        };
        match pending {
            Pending::Auth => self.on_auth(types::parse(&body)?, srp),
            Pending::GetUser { after_switch } => {
                let state = mfa_state(types::parse(&body)?);
                self.mfa = Some(state.clone());
                if !after_switch {
                    return Ok(Action::Show(Step::Account(state)));
                }
                // "Done" only when Cognito itself says the app is on and preferred.
                if state.has(Factor::Totp) && state.preferred == Some(Factor::Totp) {
                    Ok(Action::Show(Step::Done(state)))
                } else {
                    Err(Error::SwitchNotConfirmed)
                }
            }
            Pending::Associate => {
                let answer: AssociateSoftwareTokenResponse = types::parse(&body)?;
                let during_sign_in = self.in_challenge("MFA_SETUP");
                if let (true, Some(challenge), Some(session)) =
                    (during_sign_in, &mut self.challenge, answer.session)
                {
                    challenge.session = Some(session);
                }
                let setup = self.totp_setup(answer.secret_code.expose(), during_sign_in);
                self.totp = Some(setup.clone());
                Ok(Action::Show(Step::ScanQr(setup)))
            }
            Pending::Verify => {
                let answer: VerifySoftwareTokenResponse = types::parse(&body)?;
                if answer.status.as_deref() != Some("SUCCESS") {
                    return Err(Error::CodeRejected);
                }
                if self.in_challenge("MFA_SETUP") {
                    return self.finish_mfa_setup(answer.session);
                }
                self.prefer_totp()
            }
            Pending::SetPreference => {
                self.totp = None;
                self.get_user(true)
            }
        }
    }

    fn sign_in(&mut self, username: String, password: Secret) -> Result<Action, Error> {
        let username = username.trim().to_owned();
        check_text("username", &username, USERNAME_MAX)?;
        check_text("password", password.expose(), PASSWORD_MAX)?;
        self.reset();
        self.typed_username.clone_from(&username);
        self.username.clone_from(&username);
        let secret_hash = self.secret_hash(&username);
        let mut parameters = vec![("USERNAME", username.as_str())];
        if let Some(hash) = &secret_hash {
            parameters.push(("SECRET_HASH", hash));
        }
        let flow = self.config.auth_flow;
        let srp = match flow {
            AuthFlow::UserPassword => None,
            AuthFlow::UserSrp => {
                let mut a = [0u8; srp::SMALL_A_BYTES];
                self.platform.random_bytes(&mut a)?;
                let ephemeral = Ephemeral::new(self.platform.arith(), &a);
                zeroize::Zeroize::zeroize(&mut a);
                Some(SrpStarted { ephemeral: ephemeral?, password: Secret::new("") })
            }
        };
        match &srp {
            Some(started) => parameters.push(("SRP_A", &started.ephemeral.srp_a)),
            None => parameters.push(("PASSWORD", password.expose())),
        };
        let body = InitiateAuthRequest {
            auth_flow: flow.cognito_name(),
            client_id: &self.config.client_id,
            auth_parameters: parameters,
        };
        let request = Request::new(Operation::InitiateAuth, &body);
        // The password stays in memory only until the PASSWORD_VERIFIER answer.
        self.srp = srp.map(|started| SrpStarted { password, ..started });
        Ok(self.expect(Pending::Auth, request))
    }

    /// Answers PASSWORD_VERIFIER with the SRP password claim.
    fn answer_password_verifier(
        &mut self,
        answer: &AuthResponse,
        started: Option<SrpStarted>,
    ) -> Result<Action, Error> {
        let started = started.ok_or(Error::OutOfOrder)?;
        let param = |name: &'static str| {
            answer.param(name).ok_or_else(|| Error::BadResponse(format!("PASSWORD_VERIFIER without {name}")))
        };
        let user_id = param("USER_ID_FOR_SRP")?;
        // AWS sends both and they agree; moto accepts only USERNAME.
        self.username = answer.param("USERNAME").unwrap_or(user_id).to_owned();
        let secret_block = param("SECRET_BLOCK")?;
        let timestamp = srp::timestamp::format(self.platform.unix_time());
        let challenge = VerifierChallenge {
            pool_name: self.config.pool_name(),
            user_id,
            salt: param("SALT")?,
            srp_b: param("SRP_B")?,
            secret_block,
        };
        let claim = srp::password_claim(
            self.platform.arith(),
            &started.ephemeral,
            &challenge,
            &started.password,
            &timestamp,
        )?;
        let secret_hash = self.secret_hash(&self.username);
        let mut responses = vec![
            ("USERNAME", self.username.as_str()),
            ("PASSWORD_CLAIM_SIGNATURE", claim.signature.as_str()),
            ("PASSWORD_CLAIM_SECRET_BLOCK", secret_block),
            ("TIMESTAMP", timestamp.as_str()),
        ];
        if let Some(hash) = &secret_hash {
            responses.push(("SECRET_HASH", hash));
        }
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: "PASSWORD_VERIFIER",
            // Sent back only when Cognito gave one.
            session: answer.session.as_ref().map(Secret::expose),
            challenge_responses: responses,
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body);
        Ok(self.expect(Pending::Auth, request))
    }

    fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.config.client_secret.as_ref()?;
        Some(srp::secret_hash(secret.expose(), username, &self.config.client_id))
    }

    /// Forgets everything of an earlier sign-in.
    fn reset(&mut self) {
        self.typed_username.clear();
        self.username.clear();
        self.challenge = None;
        self.access_token = None;
        self.mfa = None;
        self.totp = None;
        self.srp = None;
        self.verified_during_sign_in = false;
        self.switch_sent = false;
        self.pending = None;
    }

    fn answer_challenge(&mut self, code: &str) -> Result<Action, Error> {
        let challenge = self.challenge.as_ref().ok_or(Error::OutOfOrder)?;
        let (_, code_key) = code_channel(&challenge.name).ok_or(Error::OutOfOrder)?.challenge();
        let code = normalize_code(code)?;
        self.respond(&[(code_key, &code)])
    }

    fn on_auth(&mut self, answer: AuthResponse, srp: Option<SrpStarted>) -> Result<Action, Error> {
        self.challenge = None;
        if let Some(result) = answer.authentication_result {
            self.access_token = Some(result.access_token);
            if std::mem::take(&mut self.verified_during_sign_in) {
                // MFA_SETUP is done: make the new factor the preferred one.
                return self.prefer_totp();
            }
            return self.get_user(false);
        }
        let name = answer
            .challenge_name
            .clone()
            .ok_or_else(|| Error::BadResponse("neither tokens nor a challenge".into()))?;
        if let Some(username) = answer.param("USERNAME") {
            self.username = username.to_owned();
        }
        if name == "PASSWORD_VERIFIER" {
            return self.answer_password_verifier(&answer, srp);
        }
        let step = if let Some(channel) = code_channel(&name) {
            Step::ChallengeCode {
                channel,
                destination: answer.param("CODE_DELIVERY_DESTINATION").map(str::to_owned),
            }
        } else {
            match name.as_str() {
                "SELECT_MFA_TYPE" => {
                    let options: Vec<Factor> = answer
                        .param_list("MFAS_CAN_CHOOSE")
                        .iter()
                        .filter_map(|f| Factor::from_cognito(f))
                        .collect();
                    if options.is_empty() {
                        return Err(Error::BadResponse("SELECT_MFA_TYPE without MFAS_CAN_CHOOSE".into()));
                    }
                    Step::ChooseFactor(options)
                }
                "NEW_PASSWORD_REQUIRED" => Step::NewPassword {
                    required_attributes: answer
                        .param_list("requiredAttributes")
                        .iter()
                        .map(|a| a.trim_start_matches("userAttributes.").to_owned())
                        .collect(),
                },
                "MFA_SETUP" => {
                    let offered = answer.param_list("MFAS_CAN_SETUP");
                    if !offered.is_empty() && !offered.iter().any(|f| f == "SOFTWARE_TOKEN_MFA") {
                        return Err(Error::TotpNotAllowed);
                    }
                    // Whatever else is offered, TOTP is what we set up: straight to the QR code.
                    let session = answer
                        .session
                        .ok_or_else(|| Error::BadResponse("MFA_SETUP without Session".into()))?;
                    let body = AssociateSoftwareTokenRequest { user: UserRef::Session(session.expose()) };
                    let request = Request::new(Operation::AssociateSoftwareToken, &body);
                    self.challenge = Some(Challenge { name, session: Some(session) });
                    return Ok(self.expect(Pending::Associate, request));
                }
                _ => return Err(Error::UnsupportedChallenge(name)),
            }
        };
        self.challenge = Some(Challenge { name, session: answer.session });
        Ok(Action::Show(step))
    }

    fn in_challenge(&self, name: &str) -> bool {
        self.challenge.as_ref().is_some_and(|c| c.name == name)
    }

    /// Answers a challenge with `responses` (USERNAME and SECRET_HASH are added).
    fn respond(&mut self, responses: &[(&str, &str)]) -> Result<Action, Error> {
        let challenge = self.challenge.as_ref().ok_or(Error::OutOfOrder)?;
        let secret_hash = self.secret_hash(&self.username);
        let mut map = vec![("USERNAME", self.username.as_str())];
        map.extend_from_slice(responses);
        if let Some(hash) = &secret_hash {
            map.push(("SECRET_HASH", hash));
        }
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: &challenge.name,
            session: challenge.session.as_ref().map(Secret::expose),
            challenge_responses: map,
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body);
        Ok(self.expect(Pending::Auth, request))
    }

    fn choose_factor(&mut self, factor: Factor) -> Result<Action, Error> {
        if !self.in_challenge("SELECT_MFA_TYPE") {
            return Err(Error::OutOfOrder);
        }
        self.respond(&[("ANSWER", factor.cognito_name())])
    }

    fn new_password(
        &mut self,
        password: &Secret,
        confirmation: &Secret,
        attributes: &[(String, String)],
    ) -> Result<Action, Error> {
        if !self.in_challenge("NEW_PASSWORD_REQUIRED") {
            return Err(Error::OutOfOrder);
        }
        check_text("newPassword", password.expose(), PASSWORD_MAX)?;
        if password != confirmation {
            return Err(Error::PasswordMismatch);
        }
        for (_, value) in attributes {
            check_text("attribute", value.trim(), ATTRIBUTE_MAX)?;
        }
        let keys: Vec<String> = attributes.iter().map(|(name, _)| format!("userAttributes.{name}")).collect();
        let mut responses: Vec<(&str, &str)> = vec![("NEW_PASSWORD", password.expose())];
        responses.extend(keys.iter().zip(attributes).map(|(key, (_, value))| (key.as_str(), value.trim())));
        self.respond(&responses)
    }

    /// VerifySoftwareToken succeeded inside MFA_SETUP: answer the challenge with the
    /// session it returned.
    fn finish_mfa_setup(&mut self, session: Option<Secret>) -> Result<Action, Error> {
        if let (Some(challenge), Some(session)) = (&mut self.challenge, session) {
            challenge.session = Some(session);
        }
        self.verified_during_sign_in = true;
        self.totp = None;
        self.respond(&[])
    }

    fn prefer_totp(&mut self) -> Result<Action, Error> {
        let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
        let sms_enabled = self.mfa.as_ref().is_some_and(|m| m.has(Factor::Sms));
        // Only one factor may be preferred. SMS is either switched off (the default)
        // or kept as a fallback that is no longer preferred.
        let sms = if self.config.disable_sms {
            Some(MfaSetting { enabled: false, preferred_mfa: false })
        } else if sms_enabled {
            Some(MfaSetting { enabled: true, preferred_mfa: false })
        } else {
            None
        };
        let body = SetUserMfaPreferenceRequest {
            access_token: token.expose(),
            sms,
            software_token: Some(MfaSetting { enabled: true, preferred_mfa: true }),
        };
        let request = Request::new(Operation::SetUserMfaPreference, &body);
        self.switch_sent = true;
        Ok(self.expect(Pending::SetPreference, request))
    }

    fn get_user(&mut self, after_switch: bool) -> Result<Action, Error> {
        let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
        let body = GetUserRequest { access_token: token.expose() };
        let request = Request::new(Operation::GetUser, &body);
        Ok(self.expect(Pending::GetUser { after_switch }, request))
    }

    fn totp_setup(&self, secret: &str, during_sign_in: bool) -> TotpSetup {
        let email = self.mfa.as_ref().and_then(|m| m.email.clone());
        let account = match (&self.config.account_label, email) {
            (AccountLabel::Fixed(text), _) => text.clone(),
            (AccountLabel::Email, Some(email)) => email,
            // Inside MFA_SETUP no attributes are known yet: the username it is.
            (AccountLabel::Email | AccountLabel::Username, _) => self.typed_username.clone(),
        };
        let issuer = self.config.issuer.clone();
        TotpSetup {
            secret: Secret::new(otpauth::normalize_secret(secret)),
            uri: Secret::new(otpauth::uri(&issuer, &account, secret)),
            issuer,
            account,
            during_sign_in,
        }
    }

    fn expect(&mut self, pending: Pending, request: Request) -> Action {
        self.pending = Some(pending);
        Action::Send(request)
    }
}

/// Cognito's limits (API reference): usernames 128 characters, passwords 256,
/// attribute values 2048; device names are kept short.
const USERNAME_MAX: usize = 128;
const PASSWORD_MAX: usize = 256;
const ATTRIBUTE_MAX: usize = 2048;
const DEVICE_NAME_MAX: usize = 64;

/// A text field that is knowably wrong is refused before any request: empty, longer
/// than Cognito takes, or with control characters.
fn check_text(field: &'static str, text: &str, max: usize) -> Result<(), Error> {
    if text.is_empty() {
        Err(Error::EmptyField(field))
    } else if text.chars().count() > max {
        Err(Error::TooLong(field))
    } else if text.chars().any(char::is_control) {
        Err(Error::ControlCharacters(field))
    } else {
        Ok(())
    }
}

/// The code challenges: SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP.
fn code_channel(challenge: &str) -> Option<CodeChannel> {
    [CodeChannel::Sms, CodeChannel::Totp, CodeChannel::Email]
        .into_iter()
        .find(|c| c.challenge().0 == challenge)
}

fn mfa_state(user: GetUserResponse) -> MfaState {
    MfaState {
        enabled: user.user_mfa_setting_list.iter().filter_map(|f| Factor::from_cognito(f)).collect(),
        preferred: user.preferred_mfa_setting.as_deref().and_then(Factor::from_cognito),
        email: user.user_attributes.iter().find(|a| a.name == "email").map(|a| a.value.clone()),
        username: user.username,
    }
}

#[cfg(test)]
mod tests;
