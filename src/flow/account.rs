//! Reading the account (GetUser), and what a read means: after the switch, the only
//! source of "done" is Cognito reporting the authenticator app enabled and preferred.

use super::{
    Action, Enrolled, Enrollment, Factor, MfaState, Pending, Phase, SignedIn, SmsAfter, SmsChange, State,
    Step,
};
use crate::cognito::types::{GetUserRequest, GetUserResponse};
use crate::cognito::{Operation, Request};
use crate::{Error, Secret};

impl Enrollment {
    /// Skips sign-in with a token the host already has.
    pub(super) fn use_access_token(&mut self, token: Secret) -> Result<Action, Error> {
        if token.expose().trim().is_empty() {
            return Err(Error::EmptyField("accessToken"));
        }
        self.reset();
        self.state = State::SignedIn(SignedIn {
            access_token: token,
            token_refused: false,
            account: None,
            phase: Phase::Account,
        });
        self.read_account(false)
    }

    /// Sends GetUser; `after_switch` when it reads back the switch just made.
    pub(super) fn read_account(&mut self, after_switch: bool) -> Result<Action, Error> {
        let signed_in = self.signed_in()?;
        let body = GetUserRequest { access_token: signed_in.access_token.expose() };
        let request = Request::new(Operation::GetUser, &body);
        Ok(self.expect(Pending::GetUser { after_switch }, request))
    }

    pub(super) fn on_account(&mut self, user: GetUserResponse, after_switch: bool) -> Result<Action, Error> {
        let account = mfa_state(user);
        let (had_sms, disable_sms) = (self.had_sms, self.config.disable_sms);
        let signed_in = self.signed_in()?;
        // What the switch asked of SMS, when one was sent.
        let asked = match signed_in.phase {
            Phase::Switched { sms, .. } => Some(sms),
            _ => None,
        };
        signed_in.account = Some(account.clone());
        if let Some(asked) =
            asked.filter(|_| account.has(Factor::Totp) && account.preferred == Some(Factor::Totp))
        {
            // Done, by Cognito's own word. The tokens are no longer needed: forget them.
            let sms = sms_after(had_sms, disable_sms, asked, account.has(Factor::Sms));
            let done = Enrolled { state: account, sms };
            self.reset();
            return Ok(Action::Show(Step::Done(done)));
        }
        let switched = asked.is_some();
        if switched {
            // Whatever the switch's answer said, it did not take effect: the person
            // keeps the factor they had and may set up again.
            signed_in.phase = Phase::Account;
        }
        if after_switch {
            return Err(Error::SwitchNotConfirmed);
        }
        self.had_sms |= account.has(Factor::Sms);
        Ok(Action::Show(Step::Account(account)))
    }
}

/// What became of SMS, from what the switch asked and what Cognito lists after it.
fn sms_after(had_sms: bool, disable_sms: bool, asked: SmsChange, listed_now: bool) -> SmsAfter {
    match (had_sms, disable_sms, asked, listed_now) {
        (false, ..) => SmsAfter::NeverHad,
        (true, false, ..) => SmsAfter::KeptAsBackup,
        (true, true, SmsChange::TurnOff, false) => SmsAfter::TurnedOff,
        // Asked off and still listed (a pool that requires MFA keeps it), or refused
        // by AWS and sent again leaving SMS alone.
        (true, true, ..) => SmsAfter::KeptUntilAdminTurnsOff,
    }
}

/// The factors among Cognito's names, in their order; names we do not know are left out.
pub(super) fn factors(names: &[String]) -> Vec<Factor> {
    let mut factors = Vec::new();
    for name in names {
        factors.extend(Factor::from_cognito(name));
    }
    factors
}

fn mfa_state(user: GetUserResponse) -> MfaState {
    MfaState {
        enabled: factors(&user.user_mfa_setting_list),
        preferred: user.preferred_mfa_setting.as_deref().and_then(Factor::from_cognito),
        email: user.user_attributes.iter().find(|a| a.name == "email").map(|a| a.value.clone()),
        username: user.username,
    }
}
