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
pub use driver::{advance, Transport};
pub use platform::Platform;
pub use step::{CodeChannel, Factor, Input, MfaState, Step, TotpSetup};

use crate::cognito::types::{
    self, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AuthResponse, GetUserRequest,
    GetUserResponse, InitiateAuthRequest, MfaSetting, RespondToAuthChallengeRequest,
    SetUserMfaPreferenceRequest, UserRef, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::cognito::{Operation, Request};
use crate::config::AuthFlow;
use crate::srp::{self, Ephemeral, VerifierChallenge};
use crate::{otpauth, Config, Error, Secret};
use std::collections::BTreeMap;

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
            pending: None,
        }
    }

    /// The configuration the flow runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// True while a request is out; inputs are refused meanwhile.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
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
            Input::BeginTotpSetup => {
                let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
                let body = AssociateSoftwareTokenRequest { user: UserRef::AccessToken(token.expose()) };
                let request = Request::new(Operation::AssociateSoftwareToken, &body)?;
                Ok(self.expect(Pending::Associate, request))
            }
            Input::VerifyTotp { code, device_name } => {
                let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
                if self.totp.is_none() {
                    return Err(Error::OutOfOrder);
                }
                let code = normalize_code(&code)?;
                let device_name = device_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                let body = VerifySoftwareTokenRequest {
                    user: UserRef::AccessToken(token.expose()),
                    user_code: &code,
                    friendly_device_name: device_name.as_deref(),
                };
                let request = Request::new(Operation::VerifySoftwareToken, &body)?;
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
        let body = match response {
            Ok(body) => body,
            Err(error) => {
                if pending == Pending::Auth {
                    self.srp = None; // a failed sign-in keeps no password in memory
                }
                return Err(error);
            }
        };
        match pending {
            Pending::Auth => self.on_auth(types::parse(&body)?),
            Pending::GetUser { after_switch } => {
                let state = mfa_state(types::parse(&body)?);
                self.mfa = Some(state.clone());
                Ok(Action::Show(if after_switch { Step::Done(state) } else { Step::Account(state) }))
            }
            Pending::Associate => {
                let answer: AssociateSoftwareTokenResponse = types::parse(&body)?;
                let setup = self.totp_setup(answer.secret_code.expose());
                self.totp = Some(setup.clone());
                Ok(Action::Show(Step::ScanQr(setup)))
            }
            Pending::Verify => {
                let answer: VerifySoftwareTokenResponse = types::parse(&body)?;
                if answer.status.as_deref() != Some("SUCCESS") {
                    return Err(Error::CodeRejected);
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
        if username.is_empty() {
            return Err(Error::EmptyField("username"));
        }
        if password.expose().is_empty() {
            return Err(Error::EmptyField("password"));
        }
        self.reset();
        self.typed_username.clone_from(&username);
        self.username.clone_from(&username);
        let secret_hash = self.secret_hash(&username);
        let mut parameters: BTreeMap<&str, &str> = [("USERNAME", username.as_str())].into();
        if let Some(hash) = &secret_hash {
            parameters.insert("SECRET_HASH", hash);
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
            Some(started) => parameters.insert("SRP_A", &started.ephemeral.srp_a),
            None => parameters.insert("PASSWORD", password.expose()),
        };
        let body = InitiateAuthRequest {
            auth_flow: flow.cognito_name(),
            client_id: &self.config.client_id,
            auth_parameters: parameters,
        };
        let request = Request::new(Operation::InitiateAuth, &body)?;
        // The password stays in memory only until the PASSWORD_VERIFIER answer.
        self.srp = srp.map(|started| SrpStarted { password, ..started });
        Ok(self.expect(Pending::Auth, request))
    }

    /// Answers PASSWORD_VERIFIER with the SRP password claim.
    fn answer_password_verifier(&mut self, answer: &AuthResponse) -> Result<Action, Error> {
        let started = self.srp.take().ok_or(Error::OutOfOrder)?;
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
        let mut responses: BTreeMap<&str, &str> = [
            ("USERNAME", self.username.as_str()),
            ("PASSWORD_CLAIM_SIGNATURE", claim.signature.as_str()),
            ("PASSWORD_CLAIM_SECRET_BLOCK", secret_block),
            ("TIMESTAMP", timestamp.as_str()),
        ]
        .into();
        if let Some(hash) = &secret_hash {
            responses.insert("SECRET_HASH", hash);
        }
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: "PASSWORD_VERIFIER",
            // Sent back only when Cognito gave one.
            session: answer.session.as_ref().map(Secret::expose),
            challenge_responses: responses,
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body)?;
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
        self.pending = None;
    }

    fn answer_challenge(&mut self, code: &str) -> Result<Action, Error> {
        let challenge = self.challenge.as_ref().ok_or(Error::OutOfOrder)?;
        let code_key = match challenge.name.as_str() {
            "SMS_MFA" => "SMS_MFA_CODE",
            other => return Err(Error::UnsupportedChallenge(other.to_owned())),
        };
        let code = normalize_code(code)?;
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: &challenge.name,
            session: challenge.session.as_ref().map(Secret::expose),
            challenge_responses: [("USERNAME", self.username.as_str()), (code_key, code.as_str())].into(),
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body)?;
        Ok(self.expect(Pending::Auth, request))
    }

    fn on_auth(&mut self, answer: AuthResponse) -> Result<Action, Error> {
        self.challenge = None;
        if let Some(result) = answer.authentication_result {
            self.access_token = Some(result.access_token);
            return self.get_user(false);
        }
        let name = answer
            .challenge_name
            .clone()
            .ok_or_else(|| Error::BadResponse("neither tokens nor a challenge".into()))?;
        if let Some(username) = answer.param("USERNAME") {
            self.username = username.to_owned();
        }
        let step = match name.as_str() {
            "PASSWORD_VERIFIER" => return self.answer_password_verifier(&answer),
            "SMS_MFA" => Step::ChallengeCode {
                channel: CodeChannel::Sms,
                destination: answer.param("CODE_DELIVERY_DESTINATION").map(str::to_owned),
            },
            _ => return Err(Error::UnsupportedChallenge(name)),
        };
        self.challenge = Some(Challenge { name, session: answer.session });
        Ok(Action::Show(step))
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
        let request = Request::new(Operation::SetUserMfaPreference, &body)?;
        Ok(self.expect(Pending::SetPreference, request))
    }

    fn get_user(&mut self, after_switch: bool) -> Result<Action, Error> {
        let token = self.access_token.as_ref().ok_or(Error::OutOfOrder)?;
        let body = GetUserRequest { access_token: token.expose() };
        let request = Request::new(Operation::GetUser, &body)?;
        Ok(self.expect(Pending::GetUser { after_switch }, request))
    }

    fn totp_setup(&self, secret: &str) -> TotpSetup {
        let account = self.config.account_label.clone().unwrap_or_else(|| self.typed_username.clone());
        let issuer = self.config.issuer.clone();
        TotpSetup {
            secret: Secret::new(otpauth::normalize_secret(secret)),
            uri: Secret::new(otpauth::uri(&issuer, &account, secret)),
            issuer,
            account,
        }
    }

    fn expect(&mut self, pending: Pending, request: Request) -> Action {
        self.pending = Some(pending);
        Action::Send(request)
    }
}

fn mfa_state(user: GetUserResponse) -> MfaState {
    MfaState {
        enabled: user.user_mfa_setting_list.iter().filter_map(|f| Factor::from_cognito(f)).collect(),
        preferred: user.preferred_mfa_setting.as_deref().and_then(Factor::from_cognito),
        username: user.username,
    }
}

#[cfg(test)]
mod tests;
