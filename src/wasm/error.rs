//! Errors as JS sees them: real `Error` objects with a stable `code`.

use crate::Error;
use wasm_bindgen::JsValue;

/// Turns an error into a JS `Error` with `name = "CognitoTotpError"`, `code` (see
/// [`Error::code`]) and, where there is one, `field`.
pub fn to_js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
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
