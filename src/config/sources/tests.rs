//! The rules of `sources.rs`: what a link can and cannot set.

use super::*;
use crate::config::{AccountLabel, AuthFlow, Config, RawConfig};

const README_CONFIG: &str = r#"{"userPoolId":"ap-northeast-1_AbCdEf123","clientId":"1a2b3c4d5e6f7g8h9i0j1k2l3m","issuer":"Example Corp"}"#;

/// Every setting key, as a phishing link would carry them (decoded, as the browser's
/// `URLSearchParams` gives them).
const CRAFTED: &[(&str, &str)] = &[
    ("endpoint", "http://127.0.0.1:9/"),
    ("authFlow", "USER_PASSWORD_AUTH"),
    ("userPoolId", "eu-west-1_Evil1"),
    ("clientId", "evilclient"),
    ("region", "eu-west-1"),
    ("clientSecret", "s"),
    ("disableSms", "false"),
    ("issuer", "Call us"),
    ("accountLabel", "x"),
    ("accountLabelFrom", "email"),
    ("requestTimeoutMs", "500"),
    ("authSessionMinutes", "15"),
    ("returnUrl", "https://attacker.example/"),
    ("returnName", "your bank"),
];

/// Every key a link may carry and be warned about.
fn all_keys() -> Vec<&'static str> {
    let mut all = [SETTING_KEYS, FILE_ONLY_KEYS].concat();
    all.sort_unstable();
    all
}

/// A query as `URLSearchParams.get` reads it: the first value of a key.
fn query<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
}

/// The page at `host`, over `http:` on this computer (as a development server
/// serves it) and over `https:` elsewhere (as a deployed one is).
fn settings(file: AdminFile<'_>, pairs: &[(&str, &str)], host: &str) -> PageSettings {
    let protocol = if is_loopback_host(host) { "http:" } else { "https:" };
    page_settings(file, query(pairs), protocol, host).unwrap()
}

/// What `mount` makes of the page's options.
fn raw(page: &PageSettings) -> Result<RawConfig, Error> {
    let options = PageSettings { options: page.options.clone(), lang: None, ignored: Vec::new() };
    RawConfig::from_json(&mut Json::parse(&options.options_json("en".into())).unwrap())
}

fn mounted(page: &PageSettings) -> Config {
    raw(page).unwrap().validate().unwrap()
}

#[test]
fn a_deployed_page_takes_no_setting_from_a_link() {
    let page = settings(AdminFile::Config(README_CONFIG), CRAFTED, "mfa.example.com");
    let config = mounted(&page);
    assert_eq!(config.endpoint, "https://cognito-idp.ap-northeast-1.amazonaws.com/", "the regional endpoint");
    assert_eq!(config.auth_flow, AuthFlow::UserSrp, "SRP, as the file leaves it");
    assert_eq!(config.user_pool_id, "ap-northeast-1_AbCdEf123");
    assert_eq!(config.client_id, "1a2b3c4d5e6f7g8h9i0j1k2l3m");
    assert_eq!(config.issuer, "Example Corp");
    assert!(config.client_secret.is_none());
    assert!(config.disable_sms);
    assert_eq!(config.request_timeout_ms, 15_000);
    assert_eq!(config.account_label, AccountLabel::Username);
}

#[test]
fn every_setting_key_in_a_link_is_named_for_a_warning() {
    let page = settings(AdminFile::Config(README_CONFIG), CRAFTED, "mfa.example.com");
    let mut ignored = page.ignored.clone();
    ignored.sort_unstable();
    assert_eq!(ignored, all_keys());
    let quiet = settings(
        AdminFile::Config(README_CONFIG),
        &[("lang", "ja"), ("utm_source", "mail")],
        "mfa.example.com",
    );
    assert!(quiet.ignored.is_empty(), "lang and keys that are no setting are not warned about");
}

#[test]
fn amplify_outputs_give_pool_client_and_region_and_a_link_adds_nothing() {
    let outputs = r#"{"version":"1","auth":{"user_pool_id":"us-east-1_Amp1","user_pool_client_id":"ampclient",
        "aws_region":"us-east-1","identity_pool_id":"x"}}"#;
    let page = settings(AdminFile::AmplifyOutputs(outputs), CRAFTED, "mfa.example.com");
    let config = mounted(&page);
    assert_eq!((config.user_pool_id.as_str(), config.client_id.as_str()), ("us-east-1_Amp1", "ampclient"));
    assert_eq!(config.endpoint, "https://cognito-idp.us-east-1.amazonaws.com/");
    assert_eq!(config.auth_flow, AuthFlow::UserSrp);
    assert_eq!(page.ignored.len(), all_keys().len());
}

#[test]
fn without_a_file_a_deployed_page_refuses_to_start() {
    let page = settings(AdminFile::Missing, CRAFTED, "mfa.example.com");
    assert_eq!(page.options, Json::Object(Vec::new()));
    assert_eq!(raw(&page).unwrap().validate().unwrap_err().field(), Some("userPoolId"));
}

#[test]
fn only_the_three_loopback_names_count_as_this_computer() {
    for host in ["localhost", "127.0.0.1", "[::1]", "LocalHost"] {
        assert!(is_loopback_host(host), "{host}");
    }
    for host in
        ["mfa.example.com", "localhost.example.com", "127.0.0.1.nip.io", "127.0.0.2", "::1", "", "0.0.0.0"]
    {
        assert!(!is_loopback_host(host), "{host}");
        assert_eq!(settings(AdminFile::Missing, CRAFTED, host).ignored.len(), all_keys().len(), "{host}");
    }
}

#[test]
fn https_on_localhost_is_no_development_page_for_a_link() {
    // Capacitor and Ionic serve their bundled pages from https://localhost and hand
    // deep links' query strings on: there a link is anyone's.
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        assert!(is_development_page("http:", host), "{host}");
        let page = page_settings(AdminFile::Missing, query(CRAFTED), "https:", host).unwrap();
        assert_eq!(page.ignored.len(), all_keys().len(), "https://{host}: every key ignored");
        assert_eq!(page.options, Json::Object(Vec::new()));
        for protocol in ["https:", "capacitor:", "file:", ""] {
            assert!(!is_development_page(protocol, host), "{protocol}//{host}");
        }
    }
}

#[test]
fn on_a_loopback_page_a_link_fills_only_what_the_file_leaves_out() {
    let without_region: Vec<_> = CRAFTED.iter().copied().filter(|(k, _)| *k != "region").collect();
    let page = settings(AdminFile::Config(README_CONFIG), &without_region, "127.0.0.1");
    assert_eq!(page.ignored, FILE_ONLY_KEYS, "the way back is the file's only, even here");
    let config = mounted(&page);
    assert_eq!(config.user_pool_id, "ap-northeast-1_AbCdEf123", "the file's pool");
    assert_eq!(config.issuer, "Example Corp", "the file's issuer");
    assert_eq!(config.endpoint, "http://127.0.0.1:9/", "from the query");
    assert_eq!(config.auth_flow, AuthFlow::UserPassword);
    assert!(!config.disable_sms);
    assert_eq!(config.request_timeout_ms, 500);
    assert_eq!(config.auth_session_minutes, 15);
    assert_eq!(config.return_link, None, "no returnUrl from a link");
}

#[test]
fn the_way_back_comes_from_the_file() {
    let text = r#"{"userPoolId":"us-east-1_a","clientId":"b","region":"us-east-1","returnUrl":"https://portal.example/home",
        "returnName":"Portal"}"#;
    for host in ["mfa.example.com", "localhost"] {
        let config = mounted(&settings(AdminFile::Config(text), CRAFTED, host));
        let link = config.return_link.unwrap();
        assert_eq!(
            (link.url.as_str(), link.name.as_deref()),
            ("https://portal.example/home", Some("Portal"))
        );
    }
}

#[test]
fn on_a_loopback_page_without_a_file_the_query_is_the_whole_config() {
    let dev = [("userPoolId", "us-east-1_Dev1"), ("clientId", "dev"), ("issuer", "Dev Co: Ops")];
    let page = settings(AdminFile::Missing, &dev, "localhost");
    let config = mounted(&page);
    assert_eq!((config.user_pool_id.as_str(), config.issuer.as_str()), ("us-east-1_Dev1", "Dev Co: Ops"));
    let malformed = settings(AdminFile::Missing, &[("requestTimeoutMs", "soon")], "localhost");
    assert_eq!(raw(&malformed).unwrap_err().field(), Some("requestTimeoutMs"), "named by mount");
}

#[test]
fn the_language_comes_from_the_file_then_the_link() {
    let with_lang = r#"{"userPoolId":"us-east-1_a","clientId":"b","lang":"en"}"#;
    assert_eq!(
        settings(AdminFile::Config(with_lang), &[("lang", "ja")], "mfa.example.com").lang.as_deref(),
        Some("en")
    );
    assert_eq!(
        settings(AdminFile::Config(README_CONFIG), &[("lang", "ja")], "mfa.example.com").lang.as_deref(),
        Some("ja")
    );
    assert_eq!(settings(AdminFile::Config(README_CONFIG), &[], "mfa.example.com").lang, None);
}

#[test]
fn a_file_that_is_not_a_json_object_is_named() {
    for text in ["<!doctype html><p>Not found", "[]", "{\"userPoolId\":"] {
        let err =
            page_settings(AdminFile::Config(text), query(&[]), "https:", "mfa.example.com").unwrap_err();
        assert_eq!(err.field(), Some("config.json"), "{text}");
        let err = page_settings(AdminFile::AmplifyOutputs(text), query(&[]), "https:", "mfa.example.com")
            .unwrap_err();
        assert_eq!(err.field(), Some("amplify_outputs.json"), "{text}");
    }
    let page = settings(AdminFile::Config(r#"{"endpoint":5}"#), &[], "mfa.example.com");
    assert_eq!(
        raw(&page).unwrap_err().field(),
        Some("endpoint"),
        "a key of the wrong type is named by mount"
    );
    let err = page_settings(AdminFile::Config(r#"{"lang":5}"#), query(&[]), "https:", "mfa.example.com")
        .unwrap_err();
    assert_eq!(err.field(), Some("lang"));
}

#[test]
fn the_options_carry_the_file_s_settings_only_and_the_chosen_language() {
    let text = r#"{"userPoolId":"us-east-1_a","clientId":"b","issuer":"Q\"uote","endpoint":"http://localhost:1/",
        "authFlow":"USER_PASSWORD_AUTH","clientSecret":"s","disableSms":false,"requestTimeoutMs":2500,
        "region":"us-east-1","accountLabel":"L","accountLabelFrom":"email","accessToken":"not-from-a-file",
        "authSessionMinutes":10,"returnUrl":"/portal/","returnName":"Portal","lang":"en"}"#;
    let page = settings(AdminFile::Config(text), &[], "mfa.example.com");
    let options =
        Json::parse(&settings(AdminFile::Config(text), &[], "x").options_json("ja".into())).unwrap();
    assert_eq!(options.get("lang"), Some(&Json::String("ja".into())), "the language chosen");
    assert_eq!(options.get("accessToken"), None, "only setting keys pass");
    let config = mounted(&page);
    let expected = RawConfig::from_json(&mut Json::parse(text).unwrap()).unwrap().validate().unwrap();
    assert_eq!(config, expected, "every setting as the file has it");
}
