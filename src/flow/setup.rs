//! The new authenticator: AssociateSoftwareToken (a secret and its QR code),
//! VerifySoftwareToken (the first code), and the switch itself.
//!
//! The switch (SetUserMFAPreference, which turns SMS off) is built in one place,
//! [`Enrollment::switch`], and only from a [`TotpVerified`]: the proof that
//! VerifySoftwareToken answered SUCCESS. No other path can send it.

use super::text::{check_text, DEVICE_NAME_MAX};
use super::{
    normalize_code, Action, Enrollment, Factor, Pending, Phase, SetupInSignIn, SmsChange, State, Step,
    TotpSetup,
};
use crate::cognito::types::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, MfaSetting, SetUserMfaPreferenceRequest,
    TotpVerified, UserRef, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::cognito::{Operation, Request};
use crate::config::AccountLabel;
use crate::{otpauth, Error, Secret};

impl Enrollment {
    /// Starts the setup of a signed-in user: a new secret (it replaces any
    /// authenticator the user had, at once).
    pub(super) fn begin_setup(&mut self) -> Result<Action, Error> {
        let signed_in = self.signed_in()?;
        let body =
            AssociateSoftwareTokenRequest { user: UserRef::AccessToken(signed_in.access_token.expose()) };
        let request = Request::new(Operation::AssociateSoftwareToken, &body);
        Ok(self.expect(Pending::Associate, request))
    }

    pub(super) fn on_associate(&mut self, answer: AssociateSoftwareTokenResponse) -> Result<Action, Error> {
        if !otpauth::is_base32_secret(answer.secret_code.expose()) {
            return Err(Error::BadResponse { subject: "SecretCode", problem: "not base32" });
        }
        let in_sign_in = matches!(self.state, State::SetupInSignIn(_));
        let setup = self.totp_setup(answer.secret_code.expose(), in_sign_in);
        match &mut self.state {
            State::SetupInSignIn(in_sign_in) => {
                if let Some(session) = answer.session {
                    in_sign_in.session = session;
                }
                in_sign_in.associated = true;
            }
            State::SignedIn(signed_in) => signed_in.phase = Phase::ScanQr,
            _ => return Err(Error::OutOfOrder),
        }
        Ok(Action::Show(Step::ScanQr(setup)))
    }

    /// Sends the first code from the app.
    pub(super) fn verify(&mut self, code: &str, device_name: Option<String>) -> Result<Action, Error> {
        let user = match &self.state {
            State::SetupInSignIn(SetupInSignIn { session, associated: true, verified: None }) => {
                UserRef::Session(session.expose())
            }
            State::SignedIn(signed_in) if matches!(signed_in.phase, Phase::ScanQr) => {
                UserRef::AccessToken(signed_in.access_token.expose())
            }
            _ => return Err(Error::OutOfOrder),
        };
        let code = normalize_code(code)?;
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

    pub(super) fn on_verify(&mut self, answer: VerifySoftwareTokenResponse) -> Result<Action, Error> {
        let (proof, session) = answer.verified()?;
        if let State::SetupInSignIn(in_sign_in) = &mut self.state {
            if let Some(session) = session {
                in_sign_in.session = session;
            }
            in_sign_in.associated = false;
            in_sign_in.verified = Some(proof);
            return self.answer_mfa_setup();
        }
        self.switch(proof)
    }

    /// The switch: TOTP on and preferred. SMS is turned off (or, with
    /// `disableSms: false`, kept as a fallback that is no longer preferred) only for a
    /// person who has it: the account lists it, or the sign-in asked for an SMS code
    /// (SMS set up through the legacy MFAOptions is not listed). Either means a phone
    /// number; AWS refuses any `SMSMfaSettings`, even `Enabled: false`, for a user
    /// without one (docs/aws-differences.md). Takes the proof that the new
    /// authenticator works; it is kept until Cognito reports the switch.
    pub(super) fn switch(&mut self, proof: TotpVerified) -> Result<Action, Error> {
        let (disable_sms, had_sms) = (self.config.disable_sms, self.had_sms);
        let signed_in = self.signed_in()?;
        let listed = signed_in.account.as_ref().is_some_and(|m| m.has(Factor::Sms));
        let sms = match had_sms || listed {
            false => SmsChange::Untouched,
            true if disable_sms => SmsChange::TurnOff,
            true => SmsChange::KeepAsBackup,
        };
        self.send_switch(proof, sms)
    }

    /// The switch again, leaving SMS as it is, after AWS refused it for turning SMS
    /// off (InvalidParameterException: in a pool that requires MFA "you can't turn
    /// off SMS MFA for any of your users"). `None` when the refused switch left SMS
    /// alone already: then the refusal is the answer.
    pub(super) fn switch_without_sms(&mut self) -> Option<Action> {
        let State::SignedIn(signed_in) = &mut self.state else { return None };
        let phase = std::mem::replace(&mut signed_in.phase, Phase::Account);
        match phase {
            Phase::Switched { proof, sms: SmsChange::TurnOff | SmsChange::KeepAsBackup } => {
                self.send_switch(proof, SmsChange::Untouched).ok()
            }
            phase => {
                signed_in.phase = phase;
                None
            }
        }
    }

    fn send_switch(&mut self, proof: TotpVerified, sms: SmsChange) -> Result<Action, Error> {
        let signed_in = self.signed_in()?;
        // Only one factor may be preferred.
        let sms_setting = match sms {
            SmsChange::TurnOff => Some(MfaSetting { enabled: false, preferred_mfa: false }),
            SmsChange::KeepAsBackup => Some(MfaSetting { enabled: true, preferred_mfa: false }),
            SmsChange::Untouched => None,
        };
        let body = SetUserMfaPreferenceRequest {
            access_token: signed_in.access_token.expose(),
            sms: sms_setting,
            software_token: Some(MfaSetting { enabled: true, preferred_mfa: true }),
        };
        let request = Request::new(Operation::SetUserMfaPreference, &body);
        signed_in.phase = Phase::Switched { proof, sms };
        Ok(self.expect(Pending::SetPreference, request))
    }

    fn totp_setup(&self, secret: &str, during_sign_in: bool) -> TotpSetup {
        let account = match &self.state {
            State::SignedIn(signed_in) => signed_in.account.as_ref(),
            _ => None,
        };
        let email = account.and_then(|m| m.email.clone());
        // What the person typed to sign in; with the host's token nobody typed
        // anything, and the username is the one GetUser reports.
        let username = match (self.typed_username.is_empty(), account) {
            (true, Some(account)) => account.username.clone(),
            _ => self.typed_username.clone(),
        };
        let account = match (&self.config.account_label, email) {
            (AccountLabel::Fixed(text), _) => text.clone(),
            (AccountLabel::Email, Some(email)) => email,
            // Inside MFA_SETUP no attributes are known yet: the username it is.
            (AccountLabel::Email | AccountLabel::Username, _) => username,
        };
        // The preview and the QR code are made from the same names.
        let entry = otpauth::Entry::new(&self.config.issuer, &account);
        TotpSetup {
            secret: Secret::new(otpauth::normalize_secret(secret)),
            uri: Secret::new(entry.uri(secret)),
            issuer: entry.issuer,
            account: entry.account,
            during_sign_in,
        }
    }
}
