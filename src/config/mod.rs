//! What an admin configures: which pool, which app client, how the authenticator
//! entry is named. Read from `config.json` or the host's JS options (the same
//! camelCase keys; `sources.rs` says which sources the stand-alone page trusts) and
//! checked before any request is sent.

mod sources;

pub use sources::{
    is_development_page, is_loopback_host, page_settings, AdminFile, PageSettings, FILE_ONLY_KEYS,
    SETTING_KEYS,
};

use crate::cognito::regional_endpoint;
use crate::json::Json;
use crate::{text, Error, Secret};

/// The configuration as given, every field optional. [`RawConfig::validate`] turns it
/// into a [`Config`] or names the field to fix.
#[derive(Debug, Default, Clone)]
pub struct RawConfig {
    /// The AWS region; optional, as the pool id contains it. Must agree with it.
    pub region: Option<String>,
    /// The user pool id, `{region}_{id}`.
    pub user_pool_id: Option<String>,
    /// The app client id. A public client (no secret) is what browsers should use.
    pub client_id: Option<String>,
    /// The name the authenticator app shows above the code, e.g. the company.
    pub issuer: Option<String>,
    /// A fixed account name for the authenticator entry.
    pub account_label: Option<String>,
    /// Where the account name comes from when `accountLabel` is not set: `username`
    /// (what the person typed; the default) or `email` (the email attribute; useful
    /// when usernames are UUIDs).
    pub account_label_from: Option<String>,
    /// Another Cognito endpoint (an emulator, a VPC endpoint); the regional one by
    /// default. `https://`, or `http://` on this computer only (an emulator).
    pub endpoint: Option<String>,
    /// `USER_SRP_AUTH` (default: the password never leaves the browser) or
    /// `USER_PASSWORD_AUTH` (the password goes to Cognito over TLS).
    pub auth_flow: Option<String>,
    /// The app client secret, for clients that have one. Browser clients should not:
    /// anything in a page can be read by anyone who loads it.
    pub client_secret: Option<String>,
    /// Whether SMS MFA is turned off once TOTP works (default true).
    pub disable_sms: Option<bool>,
    /// How long to wait for one answer before giving up on it, in ms (default 15000).
    pub request_timeout_ms: Option<u32>,
    /// The app client's auth session validity in minutes (3 to 15; Cognito's default,
    /// 3, when not set): how long a sign-in may wait for its next answer.
    pub auth_session_minutes: Option<u32>,
    /// Where the done page's "Back to ..." link goes: a path on this site (`/...`) or
    /// an `https://` URL. Only the admin's file or the host's options set it.
    pub return_url: Option<String>,
    /// The name of the app `returnUrl` leads to, for the link's text.
    pub return_name: Option<String>,
}

/// A checked configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The region, from the pool id.
    pub region: String,
    /// The user pool id.
    pub user_pool_id: String,
    /// The app client id.
    pub client_id: String,
    /// The issuer shown in the authenticator app.
    pub issuer: String,
    /// Where the account name of the authenticator entry comes from.
    pub account_label: AccountLabel,
    /// Where requests go.
    pub endpoint: String,
    /// Whether SMS MFA is disabled after TOTP is verified.
    pub disable_sms: bool,
    /// How the password is proven.
    pub auth_flow: AuthFlow,
    /// The app client secret, if the client has one.
    pub client_secret: Option<Secret>,
    /// How long to wait for one answer, in ms.
    pub request_timeout_ms: u32,
    /// How long an auth session (the sign-in between two answers) lasts, in minutes.
    pub auth_session_minutes: u32,
    /// The done page's way back to the organisation's app, if the admin gave one.
    pub return_link: Option<ReturnLink>,
}

/// A link back to where people came from, shown when the switch is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLink {
    /// A path on this site or an `https://` URL (checked by [`RawConfig::validate`]).
    pub url: String,
    /// The app's name, if given.
    pub name: Option<String>,
}

/// The account name the authenticator app shows under the issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountLabel {
    /// What the person typed to sign in.
    Username,
    /// The user's `email` attribute, falling back to the username.
    Email,
    /// The same text for everyone.
    Fixed(String),
}

/// How sign-in proves the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFlow {
    /// `USER_SRP_AUTH`: a zero-knowledge proof; the password never leaves the browser.
    UserSrp,
    /// `USER_PASSWORD_AUTH`: the password is sent to Cognito (over TLS).
    UserPassword,
}

impl AuthFlow {
    /// The `AuthFlow` value of InitiateAuth.
    pub fn cognito_name(self) -> &'static str {
        match self {
            AuthFlow::UserSrp => "USER_SRP_AUTH",
            AuthFlow::UserPassword => "USER_PASSWORD_AUTH",
        }
    }
}

impl Config {
    /// The pool name SRP hashes: the pool id after the `_`.
    pub fn pool_name(&self) -> &str {
        text::split_once(&self.user_pool_id, b'_').map_or("", |(_, name)| name)
    }
}

/// Cognito's bounds of an app client's auth session validity, in minutes; the lower
/// one is also its default.
pub const AUTH_SESSION_MINUTES: (u32, u32) = (3, 15);

/// The issuer used when none is configured.
pub const DEFAULT_ISSUER: &str = "Cognito";

/// A text option taken out of a parsed options object; `None` when absent or `null`.
///
/// # Errors
/// [`Error::Config`] naming `field` when it holds anything but text.
pub fn text_option(object: &mut Json, field: &'static str) -> Result<Option<String>, Error> {
    object.take_string(field).map_err(|_| Error::Config { field, problem: "expected text" })
}

impl RawConfig {
    /// Reads the camelCase keys of `config.json` and of the JS options from a parsed
    /// object, taking the strings out; other keys are left in it.
    ///
    /// # Errors
    /// [`Error::Config`] naming the first key whose value has the wrong type.
    pub fn from_json(object: &mut Json) -> Result<Self, Error> {
        if !matches!(object, Json::Object(_)) {
            return Err(Error::Config { field: "options", problem: "expected an object" });
        }
        let wrong = |field, problem| Error::Config { field, problem };
        // Field by field into a default: on an error, the one drop of `raw` frees what
        // was read so far (a struct literal would drop each field read at each `?`).
        let mut raw = RawConfig::default();
        for (slot, field) in [
            (&mut raw.region, "region"),
            (&mut raw.user_pool_id, "userPoolId"),
            (&mut raw.client_id, "clientId"),
            (&mut raw.issuer, "issuer"),
            (&mut raw.account_label, "accountLabel"),
            (&mut raw.account_label_from, "accountLabelFrom"),
            (&mut raw.endpoint, "endpoint"),
            (&mut raw.auth_flow, "authFlow"),
            (&mut raw.client_secret, "clientSecret"),
            (&mut raw.return_url, "returnUrl"),
            (&mut raw.return_name, "returnName"),
        ] {
            *slot = text_option(object, field)?;
        }
        raw.disable_sms = match object.take("disableSms") {
            Json::Null => None,
            Json::Bool(b) => Some(b),
            _ => return Err(wrong("disableSms", "expected true or false")),
        };
        let mut whole = |field, problem: &'static str| match object.take(field) {
            Json::Null => Ok(None),
            Json::Number(n) => n.parse().map(Some).map_err(|_| wrong(field, problem)),
            _ => Err(wrong(field, problem)),
        };
        raw.request_timeout_ms = whole("requestTimeoutMs", "expected whole milliseconds")?;
        raw.auth_session_minutes = whole("authSessionMinutes", "expected whole minutes")?;
        Ok(raw)
    }

    /// Checks every field and fills in defaults.
    ///
    /// # Errors
    /// [`Error::Config`] naming the first field that is missing or malformed.
    pub fn validate(&self) -> Result<Config, Error> {
        let bad = |field, problem| Error::Config { field, problem };
        let user_pool_id = non_empty(&self.user_pool_id).ok_or_else(|| bad("userPoolId", "missing"))?;
        let (pool_region, pool_suffix) = text::split_once(user_pool_id, b'_')
            .ok_or_else(|| bad("userPoolId", "expected {region}_{id}, e.g. ap-northeast-1_AbCdEf123"))?;
        let region_ok = !pool_region.is_empty()
            && pool_region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !region_ok || pool_suffix.is_empty() || !pool_suffix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad("userPoolId", "expected {region}_{id}, e.g. ap-northeast-1_AbCdEf123"));
        }
        if let Some(region) = non_empty(&self.region) {
            if region != pool_region {
                return Err(bad("region", "disagrees with the region in userPoolId"));
            }
        }
        let client_id = non_empty(&self.client_id).ok_or_else(|| bad("clientId", "missing"))?;
        if !client_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad("clientId", "expected letters and digits only"));
        }
        let endpoint = match non_empty(&self.endpoint) {
            Some(url) => checked_endpoint(url)?.to_owned(),
            None => regional_endpoint(pool_region),
        };
        let auth_flow = match non_empty(&self.auth_flow) {
            None | Some("USER_SRP_AUTH") => AuthFlow::UserSrp,
            Some("USER_PASSWORD_AUTH") => AuthFlow::UserPassword,
            Some(_) => return Err(bad("authFlow", "expected USER_SRP_AUTH or USER_PASSWORD_AUTH")),
        };
        let (least, most) = AUTH_SESSION_MINUTES;
        let auth_session_minutes = self.auth_session_minutes.unwrap_or(least);
        if !(least..=most).contains(&auth_session_minutes) {
            return Err(bad("authSessionMinutes", "expected 3 to 15, as the app client's setting"));
        }
        let return_link = match non_empty(&self.return_url) {
            Some(url) => Some(ReturnLink {
                url: checked_return_url(url)?.to_owned(),
                name: non_empty(&self.return_name).map(str::to_owned),
            }),
            None => None,
        };
        Ok(Config {
            region: pool_region.to_owned(),
            user_pool_id: user_pool_id.to_owned(),
            client_id: client_id.to_owned(),
            issuer: label("issuer", non_empty(&self.issuer).unwrap_or(DEFAULT_ISSUER))?,
            account_label: match (non_empty(&self.account_label), non_empty(&self.account_label_from)) {
                (Some(text), _) => AccountLabel::Fixed(label("accountLabel", text)?),
                (None, None | Some("username")) => AccountLabel::Username,
                (None, Some("email")) => AccountLabel::Email,
                (None, Some(_)) => return Err(bad("accountLabelFrom", "expected username or email")),
            },
            endpoint,
            disable_sms: self.disable_sms.unwrap_or(true),
            auth_flow,
            client_secret: non_empty(&self.client_secret).map(|secret| Secret::new(secret.to_owned())),
            request_timeout_ms: self.request_timeout_ms.unwrap_or(15_000).clamp(500, 120_000),
            auth_session_minutes,
            return_link,
        })
    }
}

/// An endpoint the password proof and tokens may go to: `https://`, or plain
/// `http://` only to this computer (an emulator), where nothing crosses a network.
/// No user name in the URL (`http://127.0.0.1@attacker/` is the attacker's host),
/// no query or fragment.
fn checked_endpoint(url: &str) -> Result<&str, Error> {
    let bad = |problem| Error::Config { field: "endpoint", problem };
    let (secure, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return Err(bad("expected an https:// URL")),
    };
    let authority = text::before_any(rest, b"/");
    if authority.is_empty() || text::position_of_any(rest, b"@?#\\").is_some() {
        return Err(bad("expected https://host/ with no user name, query or fragment"));
    }
    // The host: `[::1]` whole, otherwise what comes before the port.
    let host = if authority.starts_with('[') {
        // Up to and with the first `]`, or all of it when there is none.
        let end = text::position_of_any(authority, b"]").map_or(authority.len(), |at| at + 1);
        authority.get(..end).unwrap_or_default()
    } else {
        text::before_any(authority, b":")
    };
    // The host as the browser will read it: a URL parser maps `。`, full-width letters
    // and `%2e` to ASCII, so `https://portal.example.com。attacker.test/` would go to
    // attacker.test. Only plain ASCII is taken (punycode, `xn--`, for international names).
    if !host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'[' | b']' | b':')) {
        return Err(bad("expected an ASCII host name (xn-- for international ones)"));
    }
    if secure || is_loopback_host(host) {
        Ok(url)
    } else {
        Err(bad("expected https:// (plain http:// only to localhost)"))
    }
}

/// Where the done page may send people: a path on this site (`/...`, not the
/// `//host` that browsers read as another site), or a URL that passes the same rule
/// as the endpoint's host (`https://`, plain `http://` only to this computer), with
/// a path, query and fragment of its own. Never `javascript:` or `data:`.
fn checked_return_url(url: &str) -> Result<&str, Error> {
    let bad = || Error::Config {
        field: "returnUrl",
        problem: "expected a path on this site (/...) or an https:// URL",
    };
    // Browsers drop tabs and line breaks from a URL before reading it, so
    // "/\t/attacker.example/" would be "//attacker.example/": no whitespace at all.
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    if url.starts_with('/') {
        let second = url.as_bytes().get(1).copied();
        return if matches!(second, Some(b'/' | b'\\')) { Err(bad()) } else { Ok(url) };
    }
    let scheme_end = text::find(url, "//").map_or(0, |i| i + 2);
    let after_scheme = url.get(scheme_end..).unwrap_or_default();
    let authority_end = text::position_of_any(after_scheme, b"/?#").map_or(url.len(), |i| scheme_end + i);
    checked_endpoint(url.get(..authority_end).unwrap_or_default()).map_err(|_| bad())?;
    Ok(url)
}

/// A name the authenticator app will show: no control characters and no characters
/// that change the text's direction (a right-to-left override can make
/// "Example Corp" read as another name in the app and in the preview).
fn label(field: &'static str, text: &str) -> Result<String, Error> {
    if text.chars().any(text::hides_or_reorders) {
        return Err(Error::Config { field, problem: "has control or text-direction characters" });
    }
    Ok(text.to_owned())
}

/// The trimmed text, unless it is missing or blank.
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pool: &str, client: &str) -> RawConfig {
        RawConfig { user_pool_id: Some(pool.into()), client_id: Some(client.into()), ..RawConfig::default() }
    }

    fn field_of(config: RawConfig) -> &'static str {
        config.validate().unwrap_err().field().unwrap()
    }

    #[test]
    fn defaults_come_from_the_pool_id() {
        let c = raw("ap-northeast-1_AbC123", "abc123").validate().unwrap();
        assert_eq!(c.region, "ap-northeast-1");
        assert_eq!(c.endpoint, "https://cognito-idp.ap-northeast-1.amazonaws.com/");
        assert_eq!(c.issuer, DEFAULT_ISSUER);
        assert!(c.disable_sms);
        assert_eq!(c.auth_flow, AuthFlow::UserSrp, "SRP unless told otherwise");
        assert_eq!(c.pool_name(), "AbC123");
    }

    #[test]
    fn malformed_pool_id_is_named() {
        assert_eq!(field_of(raw("AbC123", "abc")), "userPoolId");
        assert_eq!(field_of(raw("us-east-1_", "abc")), "userPoolId");
        assert_eq!(field_of(raw("US EAST_abc", "abc")), "userPoolId");
    }

    #[test]
    fn region_disagreeing_with_pool_id_is_named() {
        let mut c = raw("us-east-1_abc", "abc");
        c.region = Some("eu-west-1".into());
        assert_eq!(field_of(c), "region");
    }

    #[test]
    fn missing_client_id_is_named() {
        assert_eq!(field_of(raw("us-east-1_abc", " ")), "clientId");
    }

    fn endpoint(url: &str) -> Result<String, Error> {
        let mut c = raw("us-east-1_abc", "abc");
        c.endpoint = Some(url.into());
        c.validate().map(|c| c.endpoint)
    }

    #[test]
    fn an_endpoint_off_this_computer_must_be_https() {
        for url in [
            "javascript:alert(1)",
            "http://attacker.example/",
            "http://cognito-idp.us-east-1.amazonaws.com/",
            "ftp://localhost/",
            "HTTPS://cognito-idp.us-east-1.amazonaws.com/",
            "http://127.0.0.2/",
            "http://localhost.attacker.example/",
            "http://127.0.0.1.attacker.example/",
        ] {
            assert_eq!(endpoint(url).unwrap_err().field(), Some("endpoint"), "{url}");
        }
        assert!(endpoint("https://vpce-1.cognito-idp.us-east-1.vpce.amazonaws.com/").is_ok());
    }

    #[test]
    fn plain_http_is_allowed_to_an_emulator_on_this_computer() {
        for url in
            ["http://127.0.0.1:5000/", "http://localhost:5000/", "http://[::1]:5000/", "http://LOCALHOST/"]
        {
            assert_eq!(endpoint(url).unwrap(), url);
        }
    }

    #[test]
    fn an_endpoint_hiding_its_host_behind_a_user_name_is_refused() {
        for url in [
            "http://127.0.0.1@attacker.example/",
            "http://localhost:80@attacker.example/",
            "https://user:pass@cognito-idp.us-east-1.amazonaws.com/",
            "http://localhost\\@attacker.example/",
            "http://localhost?@attacker.example/",
            "http://localhost#@attacker.example/",
            "https:///path",
        ] {
            assert_eq!(endpoint(url).unwrap_err().field(), Some("endpoint"), "{url}");
        }
    }

    #[test]
    fn account_label_is_fixed_text_or_taken_from_username_or_email() {
        let mut c = raw("us-east-1_abc", "abc");
        assert_eq!(c.clone().validate().unwrap().account_label, AccountLabel::Username);
        c.account_label_from = Some("email".into());
        assert_eq!(c.clone().validate().unwrap().account_label, AccountLabel::Email);
        c.account_label = Some("Payroll".into());
        assert_eq!(c.clone().validate().unwrap().account_label, AccountLabel::Fixed("Payroll".into()));
        c.account_label = None;
        c.account_label_from = Some("phone".into());
        assert_eq!(field_of(c), "accountLabelFrom");
    }

    #[test]
    fn the_auth_session_lasts_3_minutes_unless_set_within_cognito_s_bounds() {
        let mut c = raw("us-east-1_abc", "abc");
        assert_eq!(c.clone().validate().unwrap().auth_session_minutes, 3, "Cognito's default");
        c.auth_session_minutes = Some(15);
        assert_eq!(c.clone().validate().unwrap().auth_session_minutes, 15);
        for minutes in [0, 2, 16, 60] {
            c.auth_session_minutes = Some(minutes);
            assert_eq!(field_of(c.clone()), "authSessionMinutes", "{minutes}");
        }
    }

    fn return_link(url: &str) -> Result<Option<ReturnLink>, Error> {
        let mut c = raw("us-east-1_abc", "abc");
        c.return_url = Some(url.into());
        c.return_name = Some(" Portal ".into());
        c.validate().map(|c| c.return_link)
    }

    #[test]
    fn the_way_back_is_a_path_on_this_site_or_an_https_url() {
        for url in [
            "/",
            "/portal/?tab=security#mfa",
            "https://portal.example.com/",
            "https://portal.example.com",
            "https://portal.example.com?x=1",
            "http://localhost:5173/",
            "https://hr/?user=a@b.example",
        ] {
            let link = return_link(url).unwrap().unwrap();
            assert_eq!((link.url.as_str(), link.name.as_deref()), (url, Some("Portal")));
        }
        assert_eq!(return_link(" ").unwrap(), None, "no link without a URL");
    }

    #[test]
    fn the_way_back_never_leads_to_script_or_another_site_in_disguise() {
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//attacker.example/",
            "/\\attacker.example/",
            "http://portal.example.com/",
            "https://user@attacker.example/",
            "https://portal.example.com@attacker.example/",
            "portal/",
            "vbscript:x",
            "/\t/attacker.example/",
            "/\n\\attacker.example/",
            "/\r\\x",
            "/ /attacker.example/",
            "https://portal.example.com/\u{0}",
        ] {
            assert_eq!(return_link(url).unwrap_err().field(), Some("returnUrl"), "{url}");
        }
    }

    #[test]
    fn unknown_auth_flow_is_named() {
        let mut c = raw("us-east-1_abc", "abc");
        c.auth_flow = Some("CUSTOM_AUTH".into());
        assert_eq!(field_of(c), "authFlow");
    }

    fn from_text(text: &str) -> Result<RawConfig, Error> {
        RawConfig::from_json(&mut Json::parse(text).unwrap())
    }

    #[test]
    fn config_json_uses_camel_case_keys() {
        let c = from_text(
            r#"{"userPoolId":"us-east-1_abc","clientId":"abc","issuer":"Acme","disableSms":false,
                "requestTimeoutMs":2500,"unknownKey":[1]}"#,
        )
        .unwrap();
        let c = c.validate().unwrap();
        assert_eq!((c.issuer.as_str(), c.disable_sms, c.request_timeout_ms), ("Acme", false, 2500));
    }

    #[test]
    fn config_json_reads_every_key() {
        let c = from_text(
            r#"{"userPoolId":"us-east-1_abc","clientId":"abc","region":"us-east-1","accountLabel":"Payroll",
                "endpoint":"https://vpce.example/","authFlow":"USER_PASSWORD_AUTH","clientSecret":"s3"}"#,
        )
        .unwrap()
        .validate()
        .unwrap();
        assert_eq!(c.account_label, AccountLabel::Fixed("Payroll".into()));
        assert_eq!((c.endpoint.as_str(), c.auth_flow), ("https://vpce.example/", AuthFlow::UserPassword));
        assert_eq!(c.client_secret.as_ref().map(Secret::expose), Some("s3"));
        let from_email =
            from_text(r#"{"userPoolId":"us-east-1_abc","clientId":"abc","accountLabelFrom":"email"}"#);
        assert_eq!(from_email.unwrap().validate().unwrap().account_label, AccountLabel::Email);
        let wrong_region =
            from_text(r#"{"userPoolId":"us-east-1_abc","clientId":"abc","region":"eu-west-1"}"#);
        assert_eq!(wrong_region.unwrap().validate().unwrap_err().field(), Some("region"), "region is read");
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_key() {
        let field = |text| match from_text(text) {
            Err(Error::Config { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(r#"{"userPoolId":5}"#), "userPoolId");
        assert_eq!(field(r#"{"disableSms":"no"}"#), "disableSms");
        assert_eq!(field(r#"{"requestTimeoutMs":1.5}"#), "requestTimeoutMs");
        assert_eq!(field(r#"{"requestTimeoutMs":-1}"#), "requestTimeoutMs");
        assert_eq!(field(r#"{"authSessionMinutes":"5"}"#), "authSessionMinutes");
        assert_eq!(field(r#"{"returnUrl":true}"#), "returnUrl");
        assert_eq!(field("[]"), "options");
        assert!(from_text(r#"{"userPoolId":null}"#).unwrap().user_pool_id.is_none(), "null is absent");
    }

    #[test]
    fn a_host_the_browser_would_read_as_another_is_refused() {
        for url in [
            "https://portal.example.com\u{3002}attacker.test/",
            "https://portal.example.com%2eattacker.test/",
            "https://\u{FF41}ttacker.test/",
            "https://cognito-idp.ap-northeast-1.amazonaws.com\u{FF0E}attacker.test/",
        ] {
            let mut config = raw("ap-northeast-1_AbCdEf123", "abc");
            config.endpoint = Some(url.into());
            assert_eq!(config.validate().unwrap_err().field(), Some("endpoint"), "{url}");
            let mut config = raw("ap-northeast-1_AbCdEf123", "abc");
            config.return_url = Some(format!("{url}done"));
            assert_eq!(config.validate().unwrap_err().field(), Some("returnUrl"), "{url}");
        }
        let mut config = raw("ap-northeast-1_AbCdEf123", "abc");
        config.return_url = Some("https://xn--r8jz45g.example/".into());
        assert!(config.validate().is_ok(), "punycode for an international name");
    }

    #[test]
    fn names_for_the_app_with_text_direction_or_control_characters_are_refused() {
        for (text, field) in
            [("Example\u{202E}proC", "issuer"), ("Bank\u{2066}", "issuer"), ("a\u{0007}b", "accountLabel")]
        {
            let mut config = raw("ap-northeast-1_AbCdEf123", "abc");
            if field == "issuer" {
                config.issuer = Some(text.into());
            } else {
                config.account_label = Some(text.into());
            }
            assert_eq!(config.validate().unwrap_err().field(), Some(field), "{text:?}");
        }
    }
}
