//! `reset-user`: the lost-phone path. The person's authenticator app is deleted
//! (`AdminDeleteSoftwareToken`) so that they can set up the new phone on the page;
//! first, what they will meet at their next sign-in is worked out and said, and a
//! reset that would lock them out is refused.

use serde::Serialize;

/// What a reset means for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// They have no authenticator app: nothing to reset.
    NoApp,
    /// They keep another factor (SMS, email) to sign in with, then set up the app on
    /// the page.
    OtherFactor,
    /// The pool does not require MFA: they sign in with their password alone, then
    /// set up the app on the page.
    PasswordOnly,
    /// The pool requires MFA and allows authenticator apps: their next sign-in asks
    /// them to set one up (MFA_SETUP), which the page does.
    SetupAtSignIn,
    /// The pool requires MFA and allows no authenticator app, and they have no other
    /// factor: they could not sign in at all. Refused.
    LockedOut,
}

impl Verdict {
    /// From the user's `UserMFASettingList`, whether the pool requires MFA, and
    /// whether it allows authenticator apps.
    pub fn of(settings: &[String], mfa_required: bool, totp_allowed: bool) -> Self {
        let has_app = settings.iter().any(|s| s == "SOFTWARE_TOKEN_MFA");
        let other = settings.iter().any(|s| s != "SOFTWARE_TOKEN_MFA");
        match (has_app, other, mfa_required, totp_allowed) {
            (false, _, _, _) => Verdict::NoApp,
            (true, true, _, _) => Verdict::OtherFactor,
            (true, false, false, _) => Verdict::PasswordOnly,
            (true, false, true, true) => Verdict::SetupAtSignIn,
            (true, false, true, false) => Verdict::LockedOut,
        }
    }

    /// Whether the reset may be made.
    pub fn allows_reset(self) -> bool {
        matches!(self, Verdict::OtherFactor | Verdict::PasswordOnly | Verdict::SetupAtSignIn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(settings: &[&str], required: bool, totp: bool) -> Verdict {
        Verdict::of(&settings.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), required, totp)
    }

    #[test]
    fn a_reset_says_what_the_person_meets_next_and_never_locks_them_out() {
        assert_eq!(of(&["SMS_MFA"], false, true), Verdict::NoApp);
        assert_eq!(of(&[], true, true), Verdict::NoApp);
        assert_eq!(of(&["SOFTWARE_TOKEN_MFA", "SMS_MFA"], true, false), Verdict::OtherFactor);
        assert_eq!(of(&["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"], true, true), Verdict::OtherFactor);
        assert_eq!(of(&["SOFTWARE_TOKEN_MFA"], false, true), Verdict::PasswordOnly);
        assert_eq!(of(&["SOFTWARE_TOKEN_MFA"], false, false), Verdict::PasswordOnly);
        assert_eq!(of(&["SOFTWARE_TOKEN_MFA"], true, true), Verdict::SetupAtSignIn);
        assert_eq!(of(&["SOFTWARE_TOKEN_MFA"], true, false), Verdict::LockedOut);
        assert!(!Verdict::LockedOut.allows_reset() && !Verdict::NoApp.allows_reset());
        assert!(Verdict::SetupAtSignIn.allows_reset());
    }
}
