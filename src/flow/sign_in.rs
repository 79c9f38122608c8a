//! Signing in: InitiateAuth (SRP or password), the PASSWORD_VERIFIER answer, and
//! every challenge a sign-in can meet on the way to tokens.

use super::account::factors;
use super::text::{check_text, ATTRIBUTE_MAX, PASSWORD_MAX, USERNAME_MAX};
use super::{
    normalize_code, Action, Challenge, CodeChannel, Enrollment, Factor, Pending, Phase, SetupInSignIn,
    SignedIn, SrpStarted, State, Step,
};
use crate::cognito::types::{
    AssociateSoftwareTokenRequest, AuthResponse, ChallengeName, InitiateAuthRequest,
    RespondToAuthChallengeRequest, UserRef,
};
use crate::cognito::{Operation, Request};
use crate::config::AuthFlow;
use crate::srp::{self, Ephemeral, VerifierChallenge};
use crate::{Error, Secret, SMS_COOLDOWN_SECONDS};

impl Enrollment {
    pub(super) fn sign_in(&mut self, username: String, password: Secret) -> Result<Action, Error> {
        let username = username.trim().to_owned();
        check_text("username", &username, USERNAME_MAX)?;
        check_text("password", password.expose(), PASSWORD_MAX)?;
        if let Some((to, at)) = &self.sms_sent {
            let elapsed = self.platform.unix_time().saturating_sub(*at);
            if *to == username.to_ascii_lowercase() && elapsed < u64::from(SMS_COOLDOWN_SECONDS) {
                let left = SMS_COOLDOWN_SECONDS - u32::try_from(elapsed).unwrap_or(SMS_COOLDOWN_SECONDS);
                return Err(Error::SmsCooldown(left));
            }
        }
        self.reset();
        self.typed_username.clone_from(&username);
        self.username.clone_from(&username);
        let secret_hash = self.secret_hash(&username);
        let mut parameters = vec![("USERNAME", username.as_str())];
        if let Some(hash) = &secret_hash {
            parameters.push(("SECRET_HASH", hash));
        }
        let flow = self.config.auth_flow;
        let ephemeral = match flow {
            AuthFlow::UserPassword => None,
            AuthFlow::UserSrp => {
                let mut a = [0u8; srp::SMALL_A_BYTES];
                self.platform.random_bytes(&mut a)?;
                let ephemeral = Ephemeral::new(self.platform.arith(), &a);
                zeroize::Zeroize::zeroize(&mut a);
                Some(ephemeral?)
            }
        };
        match &ephemeral {
            Some(ephemeral) => parameters.push(("SRP_A", &ephemeral.srp_a)),
            None => parameters.push(("PASSWORD", password.expose())),
        };
        let body = InitiateAuthRequest {
            auth_flow: flow.cognito_name(),
            client_id: &self.config.client_id,
            auth_parameters: parameters,
        };
        let request = Request::new(Operation::InitiateAuth, &body);
        // The password stays in memory only until the answer to InitiateAuth.
        self.state = State::SigningIn(ephemeral.map(|ephemeral| SrpStarted { ephemeral, password }));
        Ok(self.expect(Pending::Auth, request))
    }

    /// Answers PASSWORD_VERIFIER with the SRP password claim.
    fn answer_password_verifier(
        &mut self,
        answer: &AuthResponse,
        started: SrpStarted,
    ) -> Result<Action, Error> {
        let params = &answer.parameters;
        let param = |value: &Option<String>, name| {
            value.clone().ok_or(Error::BadResponse { subject: name, problem: "missing in PASSWORD_VERIFIER" })
        };
        let user_id = param(&params.user_id_for_srp, "USER_ID_FOR_SRP")?;
        let secret_block = param(&params.secret_block, "SECRET_BLOCK")?;
        // AWS sends both and they agree; moto accepts only USERNAME.
        self.username = params.username.clone().unwrap_or_else(|| user_id.clone());
        let timestamp = srp::timestamp::format(self.platform.unix_time());
        let challenge = VerifierChallenge {
            pool_name: self.config.pool_name(),
            user_id: &user_id,
            salt: &param(&params.salt, "SALT")?,
            srp_b: &param(&params.srp_b, "SRP_B")?,
            secret_block: &secret_block,
        };
        let claim = srp::password_claim(
            self.platform.arith(),
            &started.ephemeral,
            &challenge,
            &started.password,
            &timestamp,
        )?;
        drop(started);
        let secret_hash = self.secret_hash(&self.username);
        let mut responses = vec![
            ("USERNAME", self.username.as_str()),
            ("PASSWORD_CLAIM_SIGNATURE", claim.signature.as_str()),
            ("PASSWORD_CLAIM_SECRET_BLOCK", secret_block.as_str()),
            ("TIMESTAMP", timestamp.as_str()),
        ];
        if let Some(hash) = &secret_hash {
            responses.push(("SECRET_HASH", hash));
        }
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: ChallengeName::PasswordVerifier.as_str(),
            // Sent back only when Cognito gave one.
            session: answer.session.as_ref().map(Secret::expose),
            challenge_responses: responses,
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body);
        self.state = State::SigningIn(None);
        Ok(self.expect(Pending::Auth, request))
    }

    fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.config.client_secret.as_ref()?;
        Some(srp::secret_hash(secret.expose(), username, &self.config.client_id))
    }

    /// The answer to InitiateAuth or RespondToAuthChallenge: tokens, or the next
    /// challenge. `srp` is the password claim's state, when SRP is waiting for it.
    pub(super) fn on_auth(&mut self, answer: AuthResponse, srp: Option<SrpStarted>) -> Result<Action, Error> {
        let state = std::mem::replace(&mut self.state, State::SignedOut);
        if let Some(tokens) = answer.authentication_result {
            self.sms_sent = None; // the code did its work
            let verified = match state {
                State::SetupInSignIn(SetupInSignIn { verified, .. }) => verified,
                _ => None,
            };
            self.state = State::SignedIn(SignedIn {
                access_token: tokens.access_token,
                token_refused: false,
                account: None,
                phase: Phase::Account,
            });
            return match verified {
                // MFA_SETUP is done: make the new factor the preferred one.
                Some(proof) => self.switch(proof),
                None => self.read_account(false),
            };
        }
        let name = answer
            .challenge_name
            .clone()
            .ok_or(Error::BadResponse { subject: "", problem: "neither tokens nor a challenge" })?;
        // Every later answer names the user as Cognito does. AWS's challenges after
        // USER_PASSWORD_AUTH carry only USER_ID_FOR_SRP, the internal name (not the
        // alias or the casing typed), and the SECRET_HASH of the answers must be made
        // from it ("Unable to verify secret hash" otherwise).
        if let Some(username) =
            answer.parameters.username.as_ref().or(answer.parameters.user_id_for_srp.as_ref())
        {
            self.username.clone_from(username);
        }
        let step = match name {
            ChallengeName::PasswordVerifier => {
                let started = srp.ok_or(Error::BadResponse {
                    subject: "PASSWORD_VERIFIER",
                    problem: "without an SRP sign-in",
                })?;
                return self.answer_password_verifier(&answer, started);
            }
            ChallengeName::SmsMfa | ChallengeName::SoftwareTokenMfa | ChallengeName::EmailOtp => {
                let channel = code_channel(&name).ok_or(Error::OutOfOrder)?;
                if channel == CodeChannel::Sms {
                    self.had_sms = true;
                    self.sms_sent =
                        Some((self.typed_username.to_ascii_lowercase(), self.platform.unix_time()));
                }
                Step::ChallengeCode { channel, destination: answer.parameters.code_delivery_destination }
            }
            ChallengeName::SelectMfaType => {
                let options = factors(&answer.parameters.mfas_can_choose);
                if options.is_empty() {
                    return Err(Error::BadResponse {
                        subject: "MFAS_CAN_CHOOSE",
                        problem: "missing in SELECT_MFA_TYPE",
                    });
                }
                Step::ChooseFactor(options)
            }
            ChallengeName::NewPasswordRequired => {
                Step::NewPassword { required_attributes: answer.parameters.required_attributes }
            }
            ChallengeName::MfaSetup => {
                let offered = &answer.parameters.mfas_can_setup;
                if !offered.is_empty() && !offered.iter().any(|f| f == Factor::Totp.cognito_name()) {
                    return Err(Error::TotpNotAllowed);
                }
                // Whatever else is offered, TOTP is what we set up: straight to the QR code.
                let session = answer
                    .session
                    .ok_or(Error::BadResponse { subject: "Session", problem: "missing in MFA_SETUP" })?;
                let body = AssociateSoftwareTokenRequest { user: UserRef::Session(session.expose()) };
                let request = Request::new(Operation::AssociateSoftwareToken, &body);
                self.state =
                    State::SetupInSignIn(SetupInSignIn { session, associated: false, verified: None });
                return Ok(self.expect(Pending::Associate, request));
            }
            ChallengeName::Unknown(name) => return Err(Error::UnsupportedChallenge(name)),
        };
        self.state = State::Challenge(Challenge { name, session: answer.session });
        Ok(Action::Show(step))
    }

    /// Answers a code challenge (SMS, authenticator app, email).
    pub(super) fn answer_code(&mut self, code: &str) -> Result<Action, Error> {
        let State::Challenge(challenge) = &self.state else { return Err(Error::OutOfOrder) };
        let channel = code_channel(&challenge.name).ok_or(Error::OutOfOrder)?;
        let code = normalize_code(code)?;
        self.respond(&[(channel.challenge().1, &code)])
    }

    pub(super) fn choose_factor(&mut self, factor: Factor) -> Result<Action, Error> {
        if !self.in_challenge(&ChallengeName::SelectMfaType) {
            return Err(Error::OutOfOrder);
        }
        self.respond(&[("ANSWER", factor.cognito_name())])
    }

    pub(super) fn new_password(
        &mut self,
        password: &Secret,
        confirmation: &Secret,
        attributes: &[(String, String)],
    ) -> Result<Action, Error> {
        if !self.in_challenge(&ChallengeName::NewPasswordRequired) {
            return Err(Error::OutOfOrder);
        }
        check_text("newPassword", password.expose(), PASSWORD_MAX)?;
        if password != confirmation {
            return Err(Error::PasswordMismatch);
        }
        for (_, value) in attributes {
            check_text("attribute", value.trim(), ATTRIBUTE_MAX)?;
        }
        let mut keys = Vec::with_capacity(attributes.len());
        for (name, _) in attributes {
            keys.push(format!("userAttributes.{name}"));
        }
        let mut responses: Vec<(&str, &str)> = vec![("NEW_PASSWORD", password.expose())];
        for (key, (_, value)) in keys.iter().zip(attributes) {
            responses.push((key, value.trim()));
        }
        self.respond(&responses)
    }

    /// Answers MFA_SETUP once VerifySoftwareToken succeeded, with its session.
    pub(super) fn answer_mfa_setup(&mut self) -> Result<Action, Error> {
        let State::SetupInSignIn(setup) = &self.state else { return Err(Error::OutOfOrder) };
        let secret_hash = self.secret_hash(&self.username);
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: ChallengeName::MfaSetup.as_str(),
            session: Some(setup.session.expose()),
            challenge_responses: answers(&self.username, &[], secret_hash.as_deref()),
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body);
        Ok(self.expect(Pending::Auth, request))
    }

    fn in_challenge(&self, name: &ChallengeName) -> bool {
        matches!(&self.state, State::Challenge(challenge) if challenge.name == *name)
    }

    /// Answers the current challenge with `responses` (USERNAME and SECRET_HASH are added).
    fn respond(&mut self, responses: &[(&str, &str)]) -> Result<Action, Error> {
        let State::Challenge(challenge) = &self.state else { return Err(Error::OutOfOrder) };
        let secret_hash = self.secret_hash(&self.username);
        let body = RespondToAuthChallengeRequest {
            client_id: &self.config.client_id,
            challenge_name: challenge.name.as_str(),
            session: challenge.session.as_ref().map(Secret::expose),
            challenge_responses: answers(&self.username, responses, secret_hash.as_deref()),
        };
        let request = Request::new(Operation::RespondToAuthChallenge, &body);
        Ok(self.expect(Pending::Auth, request))
    }
}

/// `USERNAME`, the responses, and `SECRET_HASH` when the client has a secret.
fn answers<'a>(
    username: &'a str,
    responses: &[(&'a str, &'a str)],
    secret_hash: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut map = vec![("USERNAME", username)];
    map.extend_from_slice(responses);
    if let Some(hash) = secret_hash {
        map.push(("SECRET_HASH", hash));
    }
    map
}

/// The code challenges: SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP.
fn code_channel(challenge: &ChallengeName) -> Option<CodeChannel> {
    [CodeChannel::Sms, CodeChannel::Totp, CodeChannel::Email]
        .into_iter()
        .find(|c| c.challenge().0 == challenge.as_str())
}
