//! What the tool knows of a pool and an app client, read once through the SDK, and
//! the pure checks and plans made from it (tested without AWS).

use crate::lang::Texts;
use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{
    ExplicitAuthFlowsType, PreventUserExistenceErrorTypes, UserPoolClientType, UserPoolMfaType,
};
use aws_sdk_cognitoidentityprovider::Client;
use serde::Serialize;

/// The flows the page needs on its app client.
pub const SRP_FLOW: &str = "ALLOW_USER_SRP_AUTH";
/// Needed only when the page's config.json asks for `USER_PASSWORD_AUTH`.
pub const PASSWORD_FLOW: &str = "ALLOW_USER_PASSWORD_AUTH";

/// The pool's MFA settings and the app client, as read.
#[derive(Debug, Clone)]
pub struct Pool {
    /// `GetUserPoolMfaConfig`, whole: `prepare` and `finish` send back what they do
    /// not change.
    pub mfa: GetUserPoolMfaConfigOutput,
    /// `DescribeUserPoolClient`, whole: `prepare` copies every field back.
    pub client: UserPoolClientType,
}

/// What the page's `config.json` says that matters here.
#[derive(Debug, Clone, Default)]
pub struct PageConfig {
    /// `userPoolId`.
    pub user_pool_id: Option<String>,
    /// `clientId`.
    pub client_id: Option<String>,
    /// `authFlow` is `USER_PASSWORD_AUTH`.
    pub password_flow: bool,
    /// `endpoint`, when set.
    pub endpoint: Option<String>,
    /// `returnUrl`, when set.
    pub return_url: Option<String>,
}

impl PageConfig {
    /// Reads the keys that matter from config.json's text.
    ///
    /// # Errors
    /// When the text is not a JSON object.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let object = value.as_object().ok_or("config.json is not a JSON object")?;
        let text = |key: &str| object.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Self {
            user_pool_id: text("userPoolId"),
            client_id: text("clientId"),
            password_flow: text("authFlow").as_deref() == Some("USER_PASSWORD_AUTH"),
            endpoint: text("endpoint"),
            return_url: text("returnUrl"),
        })
    }
}

impl Pool {
    /// Reads the pool's MFA configuration and the app client.
    ///
    /// # Errors
    /// The SDK's error, as text.
    pub async fn read(client: &Client, pool_id: &str, client_id: &str) -> Result<Self, String> {
        let mfa =
            client.get_user_pool_mfa_config().user_pool_id(pool_id).send().await.map_err(crate::sdk_error)?;
        let described = client
            .describe_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .map_err(crate::sdk_error)?;
        let client = described.user_pool_client.ok_or("DescribeUserPoolClient returned no client")?;
        Ok(Self { mfa, client })
    }

    /// The MFA mode; OFF when Cognito leaves it out.
    pub fn mfa_mode(&self) -> UserPoolMfaType {
        self.mfa.mfa_configuration.clone().unwrap_or(UserPoolMfaType::Off)
    }

    /// Whether authenticator apps are allowed.
    pub fn totp_enabled(&self) -> bool {
        self.mfa.software_token_mfa_configuration.as_ref().is_some_and(|c| c.enabled)
    }

    /// Whether SMS MFA is configured.
    pub fn sms_enabled(&self) -> bool {
        self.mfa.sms_mfa_configuration.is_some()
    }

    fn has_flow(&self, flow: &str) -> bool {
        self.client.explicit_auth_flows().iter().any(|f| f.as_str() == flow)
    }

    /// The auth flows the page needs and the client lacks.
    pub fn missing_flows(&self, page: Option<&PageConfig>) -> Vec<&'static str> {
        let mut wanted = vec![SRP_FLOW];
        if page.is_some_and(|p| p.password_flow) {
            wanted.push(PASSWORD_FLOW);
        }
        wanted.into_iter().filter(|f| !self.has_flow(f)).collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
