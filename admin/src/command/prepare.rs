//! `prepare`: the changes `check` asks for, and only those: authenticator apps on
//! (keeping the SMS configuration and the MFA mode, OFF becoming OPTIONAL), and the
//! page's auth flows added to the app client (keeping every other client setting).
//! Printed first; made with `--apply`, written to the ledger before they are sent.

use super::{Context, Target};
use crate::change;
use crate::error::Result;
use crate::lang::Texts;
use crate::output::Format;
use crate::pool::{PageConfig, Pool};
use aws_sdk_cognitoidentityprovider::types::{ExplicitAuthFlowsType, UserPoolClientType, UserPoolMfaType};
use serde::Serialize;
use std::process::ExitCode;

/// Runs `prepare`; `apply`: make the changes.
///
/// # Errors
/// When config.json or the pool cannot be read, or a change fails.
pub async fn run(cx: &Context, target: &Target, apply: bool) -> Result<ExitCode> {
    let t = cx.texts;
    let page = PageConfig::read(target.page_config.as_deref())?;
    let client = cx.client(&target.user_pool_id).await;
    let pool = Pool::read(&client, &target.user_pool_id, &target.client_id).await?;
    let plan = Plan::for_pool(&pool, page.as_ref());
    let changes = plan.changes(t);
    if pool.client.client_secret().is_some() {
        cx.say(t.cannot_fix_secret);
    }
    if plan.is_empty() {
        cx.say(t.nothing_to_change);
        return Ok(ExitCode::SUCCESS);
    }
    // "Changed:" only once the changes are made: the messages come in the order
    // things happened (a failed change says so instead).
    if apply {
        let ids: Vec<&str> = changes.iter().map(|c| c.id).collect();
        let sent = serde_json::json!({ "client_id": target.client_id, "changes": ids, "add_auth_flows": plan.add_flows });
        cx.ledger(&target.user_pool_id)?.record_action(&target.user_pool_id, "prepare", &sent)?;
        if plan.enable_totp || plan.mfa_optional {
            let enable = change::MfaChange::EnableTotp { optional_if_off: plan.mfa_optional };
            change::set_mfa(&client, &target.user_pool_id, &pool.mfa, enable).await?;
        }
        if !plan.add_flows.is_empty() {
            change::set_client_flows(&client, &pool, flows_with(&pool.client, &plan.add_flows)).await?;
        }
        cx.say(t.changed);
    } else {
        cx.say(t.would_change);
    }
    for change in &changes {
        cx.say(&format!("  - {}", change.text));
    }
    if !apply {
        cx.say(t.dry_run);
    }
    if cx.output == Format::Json {
        cx.print_json(&serde_json::json!({ "applied": apply, "changes": changes }));
    }
    Ok(ExitCode::SUCCESS)
}

/// The changes `prepare` makes: only what `check` asks for, and never the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Turn on authenticator apps.
    pub enable_totp: bool,
    /// MFA mode OFF -> OPTIONAL.
    pub mfa_optional: bool,
    /// Auth flows to add to the app client.
    pub add_flows: Vec<&'static str>,
}

impl Plan {
    /// What `check` found missing, as changes.
    pub fn for_pool(pool: &Pool, page: Option<&PageConfig>) -> Self {
        Self {
            enable_totp: !pool.totp_enabled(),
            mfa_optional: pool.mfa_mode() == UserPoolMfaType::Off,
            add_flows: pool.missing_flows(page),
        }
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.enable_totp && !self.mfa_optional && self.add_flows.is_empty()
    }

    /// The changes, one each: a stable name for scripts and the line for the person
    /// to read before `--apply`, in the chosen language.
    pub fn changes(&self, t: &Texts) -> Vec<Change> {
        let mut out = Vec::new();
        if self.enable_totp {
            out.push(Change { id: "enable_totp", text: t.change_totp.to_owned() });
        }
        if self.mfa_optional {
            out.push(Change { id: "mfa_optional", text: t.change_mfa_optional.to_owned() });
        }
        if !self.add_flows.is_empty() {
            let text = format!("{}: {}", t.change_flows, self.add_flows.join(", "));
            out.push(Change { id: "add_auth_flows", text });
        }
        out
    }
}

/// One change of `prepare`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `enable_totp`, `mfa_optional` or `add_auth_flows`, in every language.
    pub id: &'static str,
    /// The change as the person reads it.
    pub text: String,
}

/// The client's flows with `add` added, in a stable order, nothing removed.
pub fn flows_with(client: &UserPoolClientType, add: &[&str]) -> Vec<ExplicitAuthFlowsType> {
    let mut flows: Vec<ExplicitAuthFlowsType> = client.explicit_auth_flows().to_vec();
    for flow in add {
        if !flows.iter().any(|f| f.as_str() == *flow) {
            flows.push(ExplicitAuthFlowsType::from(*flow));
        }
    }
    flows
}
