//! Whether SMS MFA may be turned off for the pool: only when no enabled user would be
//! left without a factor (or, in a pool where MFA is ON, be made to set one up at the
//! next sign-in), unless the admin names exactly those users as accepted. Everyone is
//! read again first: turning SMS off rests on what holds now, not on the ledger.

use super::{sms_table, Context, LimitArgs, PoolArg};
use crate::change;
use crate::error::{aws, Error, Result};
use crate::scan::{self, Report};
use aws_sdk_cognitoidentityprovider::types::UserPoolMfaType;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

/// `finish`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pool: PoolArg,
    #[command(flatten)]
    limits: LimitArgs,
    /// A file naming, one a line, exactly the users you accept to leave without
    /// SMS (as `finish` lists them).
    #[arg(long)]
    accept_users: Option<PathBuf>,
    /// Turn SMS off (without it, nothing is changed).
    #[arg(long)]
    apply: bool,
}

/// Runs `finish`.
///
/// # Errors
/// When the accepted users' file, the pool or a user cannot be read, or the change fails.
pub async fn run(cx: &Context, args: &Args) -> Result<ExitCode> {
    let (t, pool_id) = (cx.texts, args.pool.user_pool_id.as_str());
    let accepted = match &args.accept_users {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| Error::File { path: path.clone(), source })?;
            Some(read_accepted(&text))
        }
        None => None,
    };
    let client = cx.client(pool_id).await;
    let read_mfa = || async {
        client
            .get_user_pool_mfa_config()
            .user_pool_id(pool_id)
            .send()
            .await
            .map_err(aws(pool_id, "GetUserPoolMfaConfig"))
    };
    let mfa = read_mfa().await?;
    let sms_enabled = mfa.sms_mfa_configuration.is_some();
    let required = mfa.mfa_configuration == Some(UserPoolMfaType::On);
    let report = scan::run(&client, pool_id, args.limits.limits(), None, None).await?;
    match decide(&report, sms_enabled, required, accepted.as_ref()) {
        Decision::AlreadyOff => {
            cx.say(t.sms_already_off);
            Ok(ExitCode::SUCCESS)
        }
        Decision::RefuseUnknown(users) => {
            cx.say(t.finish_unknown);
            for user in users {
                cx.say(&format!("  {user}"));
            }
            Ok(ExitCode::FAILURE)
        }
        Decision::Refuse { users, mfa_required, accepted_mismatch } => {
            cx.say(if mfa_required { t.finish_refused_required } else { t.finish_refused });
            cx.print(&sms_table(&report), &users);
            if accepted_mismatch {
                cx.say(t.accept_mismatch);
            }
            Ok(ExitCode::FAILURE)
        }
        Decision::Proceed => {
            cx.say(t.would_change);
            cx.say(&format!("  - {}", t.finish_plan));
            if !args.apply {
                cx.say(t.dry_run);
                return Ok(ExitCode::SUCCESS);
            }
            // Read again just before writing, so nothing changed meanwhile is undone.
            let mfa = read_mfa().await?;
            // In the ledger before it is sent: nothing goes out unrecorded.
            cx.ledger(pool_id)?.record_action(
                pool_id,
                "finish",
                &serde_json::json!({ "SetUserPoolMfaConfig": { "SmsMfaConfiguration": null, "kept": "everything else as read" } }),
            )?;
            change::set_mfa(&client, pool_id, &mfa, change::MfaChange::DisableSms).await?;
            cx.say(t.finish_done);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `finish` may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Turn SMS off.
    Proceed,
    /// SMS MFA is already off for the pool.
    AlreadyOff,
    /// Some users' state is unknown: nothing can be promised.
    RefuseUnknown(Vec<String>),
    /// These enabled users have SMS as their only factor.
    Refuse {
        /// Their usernames, sorted.
        users: Vec<String>,
        /// The pool requires MFA (they would set a factor up at the next sign-in,
        /// rather than sign in without one).
        mfa_required: bool,
        /// An `--accept-users` file was given but names other users.
        accepted_mismatch: bool,
    },
}

/// Decides from the report. `accepted` is the content of `--accept-users`.
pub fn decide(
    report: &Report,
    sms_enabled: bool,
    mfa_required: bool,
    accepted: Option<&BTreeSet<String>>,
) -> Decision {
    if !sms_enabled {
        return Decision::AlreadyOff;
    }
    if !report.unknown_users.is_empty() {
        return Decision::RefuseUnknown(report.unknown_users.clone());
    }
    let stranded: BTreeSet<String> = report.sms_users.iter().map(|u| u.username.clone()).collect();
    if stranded.is_empty() || accepted == Some(&stranded) {
        return Decision::Proceed;
    }
    Decision::Refuse {
        users: stranded.into_iter().collect(),
        mfa_required,
        accepted_mismatch: accepted.is_some(),
    }
}

/// Reads `--accept-users`: one username a line; blank lines and `#` comments skipped.
pub fn read_accepted(text: &str) -> BTreeSet<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::SmsUser;

    fn report(sms: &[&str], unknown: &[&str]) -> Report {
        Report {
            sms_users: sms
                .iter()
                .map(|u| SmsUser { username: (*u).to_owned(), email: String::new(), confirmed: true })
                .collect(),
            unknown_users: unknown.iter().map(|u| (*u).to_owned()).collect(),
            ..Report::default()
        }
    }

    #[test]
    fn refuses_while_any_user_has_sms_alone() {
        let d = decide(&report(&["bob", "amy"], &[]), true, false, None);
        assert_eq!(
            d,
            Decision::Refuse {
                users: vec!["amy".into(), "bob".into()],
                mfa_required: false,
                accepted_mismatch: false
            }
        );
        assert_eq!(decide(&report(&[], &[]), true, true, None), Decision::Proceed);
    }

    #[test]
    fn accepted_users_must_be_exactly_those_left_without_a_factor() {
        let accepted = read_accepted("# stays on SMS until they leave\namy\n\nbob\n");
        assert_eq!(decide(&report(&["bob", "amy"], &[]), true, true, Some(&accepted)), Decision::Proceed);
        let fewer = read_accepted("amy\n");
        assert!(matches!(
            decide(&report(&["bob", "amy"], &[]), true, true, Some(&fewer)),
            Decision::Refuse { accepted_mismatch: true, mfa_required: true, .. }
        ));
        let more = read_accepted("amy\nbob\ncarol\n");
        assert!(matches!(
            decide(&report(&["bob", "amy"], &[]), true, false, Some(&more)),
            Decision::Refuse { .. }
        ));
    }

    #[test]
    fn an_unknown_user_or_sms_already_off_stops_it() {
        assert_eq!(
            decide(&report(&[], &["zed"]), true, false, None),
            Decision::RefuseUnknown(vec!["zed".into()])
        );
        assert_eq!(decide(&report(&["amy"], &[]), false, false, None), Decision::AlreadyOff);
    }
}
