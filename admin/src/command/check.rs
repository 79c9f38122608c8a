//! `check`: can the page work against this pool and app client? Every check, from
//! what was read (pure, tested without AWS); the exit status is 1 while one fails.

use super::{Context, Target};
use crate::error::Result;
use crate::lang::Texts;
use crate::output::Table;
use crate::pool::{PageConfig, Pool, PASSWORD_FLOW, SRP_FLOW};
use aws_sdk_cognitoidentityprovider::types::{PreventUserExistenceErrorTypes, UserPoolMfaType};
use serde::Serialize;
use std::process::ExitCode;

/// Runs `check`.
///
/// # Errors
/// When config.json or the pool cannot be read.
pub async fn run(cx: &Context, target: &Target) -> Result<ExitCode> {
    let t = cx.texts;
    let page = PageConfig::read(target.page_config.as_deref())?;
    let client = cx.client(&target.user_pool_id).await;
    let pool = Pool::read(&client, &target.user_pool_id, &target.client_id).await?;
    let checks = checks(&pool, &target.user_pool_id, &target.client_id, page.as_ref(), t);
    let mut table = Table::new(&[t.col_check, t.col_result, t.col_detail]);
    for c in &checks {
        table.row(vec![c.check.clone(), c.result.clone(), c.detail.clone()]);
    }
    cx.print(&table, &checks);
    let fails = checks.iter().any(|c| c.fails);
    cx.say(if fails { t.check_failed } else { t.check_passed });
    Ok(if fails { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// One line of `check`. Scripts read `id`, `status` and `fails`, which are the same
/// in every language; `check` and `detail` are the person's text, in theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// What is checked, as a stable name (`totp`, `srp_flow`, ...).
    pub id: &'static str,
    /// `pass`, `fail` or `note`.
    pub status: &'static str,
    /// Whether the page cannot work until this is fixed.
    pub fails: bool,
    /// What is checked, in the chosen language.
    pub check: String,
    /// `status` in the chosen language, for the table.
    #[serde(skip)]
    pub result: String,
    /// What was found, and for a failure the exact change that fixes it.
    pub detail: String,
}

/// Every check of `check`, from what was read. `pool_id` and `client_id` are the ones
/// asked about; `page` is config.json when given.
pub fn checks(
    pool: &Pool,
    pool_id: &str,
    client_id: &str,
    page: Option<&PageConfig>,
    t: &Texts,
) -> Vec<Check> {
    let line = |id: &'static str, check: &str, fails: bool, detail: String| Check {
        id,
        status: if fails { "fail" } else { "pass" },
        fails,
        check: check.to_owned(),
        result: (if fails { t.fail } else { t.pass }).to_owned(),
        detail,
    };
    let note = |id: &'static str, check: &str, detail: String| Check {
        id,
        status: "note",
        fails: false,
        check: check.to_owned(),
        result: t.note.to_owned(),
        detail,
    };
    let mut out = vec![line(
        "totp",
        t.check_totp,
        !pool.totp_enabled(),
        if pool.totp_enabled() { String::new() } else { t.check_totp_fix.to_owned() },
    )];
    out.push(match pool.mfa_mode() {
        UserPoolMfaType::Off => {
            line("mfa_mode", t.check_mfa_mode, true, format!("{} -> {}", t.mfa_off, t.mfa_off_fix))
        }
        UserPoolMfaType::On => note("mfa_mode", t.check_mfa_mode, t.mfa_on.to_owned()),
        _ => note("mfa_mode", t.check_mfa_mode, t.mfa_optional.to_owned()),
    });
    out.push(if pool.sms_enabled() {
        line("sms", t.check_sms, false, String::new())
    } else {
        note("sms", t.check_sms, t.sms_missing.to_owned())
    });
    let secret = pool.client.client_secret().is_some();
    out.push(line(
        "public_client",
        t.check_public_client,
        secret,
        if secret { t.public_client_fix.to_owned() } else { String::new() },
    ));
    let srp = pool.has_flow(SRP_FLOW);
    out.push(line("srp_flow", t.check_srp, !srp, if srp { String::new() } else { t.srp_fix.to_owned() }));
    if page.is_some_and(|p| p.password_flow) {
        let password = pool.has_flow(PASSWORD_FLOW);
        out.push(line(
            "password_flow",
            t.check_password_flow,
            !password,
            if password { String::new() } else { t.password_flow_fix.to_owned() },
        ));
    }
    // AuthSessionValidity: 3 minutes unless set.
    let minutes = pool.client.auth_session_validity().unwrap_or(3);
    out.push(note("auth_session", t.check_session, format!("{minutes} {}", t.session_note)));
    if let Some(page) = page {
        let names_this =
            page.user_pool_id.as_deref() == Some(pool_id) && page.client_id.as_deref() == Some(client_id);
        let detail = if names_this {
            String::new()
        } else {
            format!("{} ({pool_id}, {client_id})", t.page_config_fix)
        };
        out.push(line("page_config", t.check_page_config, !names_this, detail));
        let region = pool_id.split('_').next().unwrap_or_default();
        if let Some(endpoint) = &page.endpoint {
            let regional = host_of(endpoint) == format!("cognito-idp.{region}.amazonaws.com");
            out.push(if regional {
                line("endpoint", t.check_endpoint, false, String::new())
            } else {
                note("endpoint", t.check_endpoint, format!("{endpoint}: {}", t.endpoint_warning))
            });
        }
        if let Some(url) = page.return_url.as_deref().filter(|u| u.contains("://")) {
            let host = host_of(url);
            let plain = host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':'))
                && !host.split('.').any(|label| label.starts_with("xn--"));
            out.push(if plain {
                line("return_url", t.check_return_url, false, String::new())
            } else {
                note("return_url", t.check_return_url, format!("{host}: {}", t.return_url_warning))
            });
        }
    }
    let hides = pool.client.prevent_user_existence_errors() == Some(&PreventUserExistenceErrorTypes::Enabled);
    out.push(if hides {
        line("user_existence_errors", t.check_existence, false, String::new())
    } else {
        note("user_existence_errors", t.check_existence, t.existence_fix.to_owned())
    });
    out
}

/// The host of `url`, lower case: between `://` and the next `/`, `?` or `#`,
/// without a user name or a port.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or_default() };
    host.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
    use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

    fn pool(prevent: Option<PreventUserExistenceErrorTypes>) -> Pool {
        Pool {
            mfa: GetUserPoolMfaConfigOutput::builder().build(),
            client: UserPoolClientType::builder().set_prevent_user_existence_errors(prevent).build(),
        }
    }

    fn page(endpoint: Option<&str>, return_url: Option<&str>) -> PageConfig {
        PageConfig {
            user_pool_id: Some("ap-northeast-1_Pool1".into()),
            client_id: Some("client1".into()),
            endpoint: endpoint.map(str::to_owned),
            return_url: return_url.map(str::to_owned),
            ..PageConfig::default()
        }
    }

    fn line<'a>(checks: &'a [Check], name: &str) -> Option<&'a Check> {
        checks.iter().find(|c| c.check == name)
    }

    #[test]
    fn check_says_whether_the_client_hides_which_usernames_exist() {
        let t = &crate::lang::EN;
        for (prevent, result) in [
            (Some(PreventUserExistenceErrorTypes::Enabled), t.pass),
            (Some(PreventUserExistenceErrorTypes::Legacy), t.note),
            (None, t.note),
        ] {
            let checks = checks(&pool(prevent.clone()), "ap-northeast-1_Pool1", "client1", None, t);
            assert_eq!(
                line(&checks, t.check_existence).map(|c| c.result.as_str()),
                Some(result),
                "{prevent:?}"
            );
        }
    }

    #[test]
    fn check_warns_of_an_endpoint_other_than_the_regional_one_and_of_a_look_alike_way_back() {
        let t = &crate::lang::EN;
        let run = |endpoint, url| {
            checks(&pool(None), "ap-northeast-1_Pool1", "client1", Some(&page(endpoint, url)), t)
        };
        let regional = run(Some("https://cognito-idp.ap-northeast-1.amazonaws.com/"), None);
        assert_eq!(line(&regional, t.check_endpoint).map(|c| c.result.as_str()), Some(t.pass));
        for other in
            ["https://cognito-idp.ap-northeast-1.amazonaws.com.attacker.test/", "https://attacker.test/"]
        {
            let checks = run(Some(other), None);
            let found = line(&checks, t.check_endpoint).unwrap();
            assert!(found.result == t.note && found.detail.contains(other), "{other}: {found:?}");
        }
        assert!(line(&run(None, None), t.check_endpoint).is_none(), "no endpoint: the regional one");
        for look_alike in [
            "https://portal.example.com\u{3002}attacker.test/",
            "https://xn--80ak6aa92e.com/",
            "https://a%2eb.test/",
        ] {
            let checks = run(None, Some(look_alike));
            assert_eq!(
                line(&checks, t.check_return_url).map(|c| c.result.as_str()),
                Some(t.note),
                "{look_alike}"
            );
        }
        let plain = run(None, Some("https://portal.example.com/mfa?done=1"));
        assert_eq!(line(&plain, t.check_return_url).map(|c| c.result.as_str()), Some(t.pass));
        assert!(
            line(&run(None, Some("/portal/")), t.check_return_url).is_none(),
            "a path on the page's own site"
        );
    }
}
