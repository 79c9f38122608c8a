//! Where the stand-alone page's settings may come from, and nothing else.
//!
//! A phishing mail can carry a link to the organisation's real page. If that link
//! could set `endpoint`, the password (or the SRP exchange, relayed to the real
//! Cognito) would go to the attacker; if it could set `authFlow`, the password itself
//! would. So a deployed page takes its settings from the admin's file only
//! (`config.json`, else an Amplify Gen 2 `amplify_outputs.json`), and an embedding
//! host from its `mount()` options. A link may choose the language and nothing else.
//!
//! One exemption, for development and tests: a page served over plain `http:` from a
//! loopback host (`localhost`, `127.0.0.1`, `[::1]`) also takes from the query the
//! keys its file leaves out. The origin decides, and a link cannot change the origin
//! of the page it opens. `https://localhost` does not count: it is where app shells
//! (Capacitor, Ionic) serve their bundled pages and hand deep links' query strings
//! on. `docs/security.md` has the threat model.

use crate::json::Json;
use crate::Error;

/// The admin's file, as the page found it beside itself.
#[derive(Debug, Clone, Copy)]
pub enum AdminFile<'a> {
    /// The text of `config.json`: the camelCase keys of [`RawConfig`](super::RawConfig), and `lang`.
    Config(&'a str),
    /// The text of an Amplify Gen 2 `amplify_outputs.json` (read when there is no
    /// `config.json`): `auth.user_pool_id`, `auth.user_pool_client_id`, `auth.aws_region`.
    AmplifyOutputs(&'a str),
    /// Neither file is there.
    Missing,
}

/// The settings the stand-alone page mounts its widget with.
#[derive(Debug)]
pub struct PageSettings {
    /// The options object for `mount`, from trusted sources only: the file's setting
    /// keys, and on a loopback page the query's for keys the file leaves out. Types
    /// and values are checked by `mount`, as for any host's options.
    pub options: Json,
    /// The language asked for: the file's `lang`, else the query's; `None` leaves the
    /// choice to the browser's languages.
    pub lang: Option<String>,
    /// Setting keys the query gave but may not set here, for one warning each.
    pub ignored: Vec<&'static str>,
}

/// The keys a query may set on a loopback page: every key of [`RawConfig`](super::RawConfig)
/// but [`FILE_ONLY_KEYS`].
pub const SETTING_KEYS: &[&str] = &[
    "region",
    "userPoolId",
    "clientId",
    "issuer",
    "accountLabel",
    "accountLabelFrom",
    "endpoint",
    "authFlow",
    "clientSecret",
    "disableSms",
    "requestTimeoutMs",
    "authSessionMinutes",
];

/// Keys only the admin's file sets, on every origin: where the done page sends
/// people is never a link's choice, not even in development.
pub const FILE_ONLY_KEYS: &[&str] = &["returnUrl", "returnName"];

/// Whether `host` (a URL's host as `location.hostname` gives it) is this computer.
pub fn is_loopback_host(host: &str) -> bool {
    ["localhost", "127.0.0.1", "[::1]"].iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Whether a page at `protocol` (`location.protocol`, with its colon) and `host` is
/// a development page, which a link may configure: plain `http:` on this computer.
pub fn is_development_page(protocol: &str, host: &str) -> bool {
    protocol == "http:" && is_loopback_host(host)
}

/// The page's settings from the admin's file and the page's own URL.
///
/// `query` gives the first value of a key in the page's URL, decoded (the browser's
/// `URLSearchParams.get`); `page_protocol` and `page_host` are `location.protocol`
/// and `location.hostname`. The query's setting keys are used only on a
/// [development page](is_development_page), and only for keys the file leaves out;
/// elsewhere they are listed in [`PageSettings::ignored`].
///
/// # Errors
/// [`Error::Config`] naming the file that is not a JSON object, or `lang` when the
/// file's is not text.
pub fn page_settings(
    file: AdminFile<'_>,
    query: impl Fn(&str) -> Option<String>,
    page_protocol: &str,
    page_host: &str,
) -> Result<PageSettings, Error> {
    let mut options = match file {
        AdminFile::Config(text) => object(text, "config.json")?,
        AdminFile::AmplifyOutputs(text) => from_amplify(object(text, "amplify_outputs.json")?),
        AdminFile::Missing => Json::Object(Vec::new()),
    };
    let lang =
        options.take_string("lang").map_err(|_| Error::Config { field: "lang", problem: "expected text" })?;
    let lang = lang.or_else(|| query("lang"));
    let trusted = is_development_page(page_protocol, page_host);
    let mut ignored = Vec::new();
    if let Json::Object(members) = &mut options {
        members.retain(|(key, _)| {
            SETTING_KEYS.contains(&key.as_str()) || FILE_ONLY_KEYS.contains(&key.as_str())
        });
        for &key in SETTING_KEYS.iter().chain(FILE_ONLY_KEYS) {
            let Some(value) = query(key) else { continue };
            if !trusted || FILE_ONLY_KEYS.contains(&key) {
                ignored.push(key);
            } else if !members.iter().any(|(k, _)| k == key) {
                members.push((key.to_owned(), query_value(key, value)));
            }
        }
    }
    Ok(PageSettings { options, lang, ignored })
}

impl PageSettings {
    /// The options object of `mount` as JSON text, with `lang` set.
    pub fn options_json(mut self, lang: String) -> String {
        if let Json::Object(members) = &mut self.options {
            members.push(("lang".to_owned(), Json::String(lang)));
        }
        let mut out = String::new();
        self.options.write(&mut out);
        out
    }
}

fn object(text: &str, file: &'static str) -> Result<Json, Error> {
    match Json::parse(text) {
        Some(object @ Json::Object(_)) => Ok(object),
        _ => Err(Error::Config { field: file, problem: "expected a JSON object" }),
    }
}

/// Amplify Gen 2 outputs name the pool, the client and the region; nothing else.
fn from_amplify(mut outputs: Json) -> Json {
    let mut auth = outputs.take("auth");
    Json::Object(vec![
        ("userPoolId".to_owned(), auth.take("user_pool_id")),
        ("clientId".to_owned(), auth.take("user_pool_client_id")),
        ("region".to_owned(), auth.take("aws_region")),
    ])
}

/// A query value as `config.json` would hold it: `disableSms` is true unless it says
/// `false`, `requestTimeoutMs` and `authSessionMinutes` a number when digits (otherwise the text, which
/// `mount` then names as malformed).
fn query_value(key: &str, value: String) -> Json {
    match key {
        "disableSms" => Json::Bool(value != "false"),
        "requestTimeoutMs" | "authSessionMinutes"
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Json::Number(value)
        }
        _ => Json::String(value),
    }
}

#[cfg(test)]
mod tests;
