//! The stand-alone page (`www/index.html`): its settings, its language, its title.
//! `www/main.js` only fetches the admin's files; which source may set what is
//! decided in `crate::config::sources`.

use super::error::to_js_error;
use super::js_types::MountOptions;
use super::widget::{choose_language, mount_with};
use crate::config::{page_settings, AdminFile, PageSettings};
use crate::messages::compiled;
use crate::RawConfig;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The page's options for its widget, from the admin's `config.json` text (or,
/// without one, `amplify_outputs.json`) and this page's own URL, and the language
/// chosen. Setting keys in the link are ignored unless the page is served from
/// loopback, with one console warning per key.
fn settings(
    config_json: Option<&str>,
    amplify_outputs: Option<&str>,
) -> Result<(PageSettings, &'static str), JsValue> {
    let location = web_sys::window().map(|w| w.location());
    let search = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let query = web_sys::UrlSearchParams::new_with_str(&search)?;
    let host = location.as_ref().and_then(|l| l.hostname().ok()).unwrap_or_default();
    let protocol = location.as_ref().and_then(|l| l.protocol().ok()).unwrap_or_default();
    let file = match (config_json, amplify_outputs) {
        (Some(text), _) => AdminFile::Config(text),
        (None, Some(text)) => AdminFile::AmplifyOutputs(text),
        (None, None) => AdminFile::Missing,
    };
    let mut page =
        page_settings(file, |key| query.get(key), &protocol, &host).map_err(|e| to_js_error(&e))?;
    for key in &page.ignored {
        web_sys::console::warn_1(&JsValue::from_str(&format!(
            "cognito-totp-enroll: ignored \"{key}\" in the link: only config.json sets it (on localhost, a link may fill the keys config.json leaves out, except returnUrl and returnName)."
        )));
    }
    let lang = choose_language(page.lang.take().as_deref());
    Ok((page, lang))
}

/// Mounts the page's widget into `element` with the settings [`settings`] reads;
/// returns the language chosen (`ja` or `en`) for the page around it. The same
/// checks as `mount`'s, without the round trip through a JS options object.
///
/// # Errors
/// Throws an `Error` with `code = "ConfigError"` and `field` naming the file or key.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page(
    element: Element,
    config_json: Option<String>,
    amplify_outputs: Option<String>,
) -> Result<String, JsValue> {
    let (mut page, lang) = settings(config_json.as_deref(), amplify_outputs.as_deref())?;
    let config = RawConfig::from_json(&mut page.options).map_err(|e| to_js_error(&e))?;
    let texts = compiled(lang);
    let options = MountOptions {
        config,
        access_token: None,
        lang: None, // chosen above
        color_scheme: "auto",
        listeners: Vec::new(),
        get_access_token: None,
    };
    mount_with(element, options, texts)?;
    Ok(lang.to_owned())
}

/// The options to `mount` the page's widget with, as [`mount_page`] reads them, with
/// `lang` set.
///
/// # Errors
/// Throws an `Error` with `code = "ConfigError"` and `field` naming the file or key.
#[cfg(feature = "embed")]
#[wasm_bindgen(js_name = pageOptions, unchecked_return_type = "MountOptions & { lang: string }")]
pub fn page_options(
    config_json: Option<String>,
    amplify_outputs: Option<String>,
) -> Result<JsValue, JsValue> {
    let (page, lang) = settings(config_json.as_deref(), amplify_outputs.as_deref())?;
    js_sys::JSON::parse(&page.options_json(lang.to_owned()))
}

/// The language the page should use (`ja` or `en`), for a host's page around the
/// widget.
#[cfg(feature = "embed")]
#[wasm_bindgen(js_name = chooseLanguage)]
pub fn choose_page_language(requested: Option<String>) -> String {
    choose_language(requested.as_deref()).to_owned()
}

/// The page title in a language of `LANGUAGES` (English for any other).
#[wasm_bindgen(js_name = pageTitle)]
pub fn page_title(lang: &str) -> String {
    compiled(lang).page_title.to_owned()
}
