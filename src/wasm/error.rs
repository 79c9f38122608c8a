//! Errors as JS sees them: real `Error` objects with a stable `code`.

use crate::Error;
use wasm_bindgen::JsValue;

/// Turns an error into a JS `Error` with `name = "CognitoTotpError"`, `code` (see
/// [`Error::code`]) and, where there is one, `field`.
pub fn to_js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&message(error));
    js.set_name("CognitoTotpError");
    let set = |key: &str, value: &str| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &JsValue::from_str(value));
    };
    set("code", error.code());
    if let Some(field) = error.field() {
        set("field", field);
    }
    js.into()
}

/// The error's `message`: its `Display`, which the package's module keeps for the
/// headless API's and the events' errors. The stand-alone page's module throws only
/// settings errors, so it spells those out and leaves `Display` out: its English for
/// every other variant is 0.2 kB brotli the page would never show.
fn message(error: &Error) -> String {
    match error {
        Error::Config { field, problem } => Error::config_message(field, problem),
        #[cfg(any(feature = "client", feature = "embed"))]
        other => other.to_string(),
        #[cfg(not(any(feature = "client", feature = "embed")))]
        other => other.code().to_owned(),
    }
}
