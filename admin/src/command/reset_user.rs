//! `reset-user`: the lost-phone path. The person's authenticator app is deleted
//! (`AdminDeleteSoftwareToken`) so that they can set up the new phone on the page;
//! first, what they will meet at their next sign-in is worked out and said, and a
//! reset that would lock them out is refused.

use super::{Context, PoolArg};
use crate::error::{aws, Result};
use crate::output::Format;
use aws_sdk_cognitoidentityprovider::types::UserPoolMfaType;
use serde::Serialize;
use std::process::ExitCode;

/// `reset-user`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pool: PoolArg,
    /// The user, by username.
    username: String,
    /// Delete the app (without it, nothing is changed).
    #[arg(long)]
    apply: bool,
}

/// Runs `reset-user`. Exit status 1 where the reset is refused.
///
/// # Errors
/// When the user or the pool cannot be read, or the deletion fails.
pub async fn run(cx: &Context, args: &Args) -> Result<ExitCode> {
    let (t, pool_id, username) = (cx.texts, args.pool.user_pool_id.as_str(), args.username.as_str());
    let client = cx.client(pool_id).await;
    let user = client
        .admin_get_user()
        .user_pool_id(pool_id)
        .username(username)
        .send()
        .await
        .map_err(aws(pool_id, "AdminGetUser"))?;
    let mfa = client
        .get_user_pool_mfa_config()
        .user_pool_id(pool_id)
        .send()
        .await
        .map_err(aws(pool_id, "GetUserPoolMfaConfig"))?;
    let required = mfa.mfa_configuration == Some(UserPoolMfaType::On);
    let totp_allowed = mfa.software_token_mfa_configuration.as_ref().is_some_and(|c| c.enabled);
    let verdict = Verdict::of(user.user_mfa_setting_list(), required, totp_allowed);
    let after = match verdict {
        Verdict::NoApp => t.reset_no_app,
        Verdict::OtherFactor => t.reset_other_factor,
        Verdict::PasswordOnly => t.reset_password_only,
        Verdict::SetupAtSignIn => t.reset_setup_at_sign_in,
        Verdict::LockedOut => t.reset_locked_out,
    };
    let applied = args.apply && verdict.allows_reset();
    if applied {
        // In the ledger before it is sent: nothing goes out unrecorded.
        let sent = serde_json::json!({ "AdminDeleteSoftwareToken": { "Username": username } });
        cx.ledger(pool_id)?.record_action(pool_id, "reset-user", &sent)?;
        client
            .admin_delete_software_token()
            .user_pool_id(pool_id)
            .username(username)
            .send()
            .await
            .map_err(aws(pool_id, "AdminDeleteSoftwareToken"))?;
        cx.say(&format!("{} {username}", t.reset_done));
    } else if verdict.allows_reset() {
        cx.say(&format!("{} {username}", t.reset_would));
    }
    cx.say(after);
    if verdict.allows_reset() && !args.apply {
        cx.say(t.dry_run);
    }
    if cx.output == Format::Json {
        cx.print_json(&serde_json::json!({ "username": username, "verdict": verdict, "applied": applied, "text": after }));
    }
    Ok(if verdict == Verdict::LockedOut { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

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
