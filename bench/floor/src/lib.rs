//! One call into each crate the brief fixes, as `src/` makes it (see Cargo.toml).
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Something to call, so the page with no other feature still runs a module.
#[wasm_bindgen]
pub fn ready() -> u32 {
    1
}

/// src/qr.rs: byte-mode encoding at level M, the dark modules as one SVG path. With
/// `fixed-mask`, the least the crate can do: one mask pattern instead of scoring all
/// eight (a valid code, but the standard asks for the best-scoring mask, and src/
/// keeps it for the scanners' sake).
#[cfg(feature = "qrcode")]
#[wasm_bindgen]
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::{bits::Bits, canvas::Canvas, ec, Color, EcLevel, Version};
    use std::fmt::Write;
    let (version, data) = (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        Some((Version::Normal(version), bits.into_bytes()))
    })?;
    let (data, error_correction) = ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &error_correction);
    #[cfg(feature = "fixed-mask")]
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    #[cfg(not(feature = "fixed-mask"))]
    let canvas = canvas.apply_best_mask();
    let width = version.width() as usize;
    let mut out = String::from("<svg><path d=\"");
    for (y, row) in canvas.into_colors().chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                let _ = write!(out, "M{x} {y}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    out.push_str("\"/></svg>");
    Some(out)
}

/// src/wasm/transport.rs: one Cognito call with a timeout signal.
#[cfg(feature = "gloo-net")]
#[wasm_bindgen]
pub async fn post(endpoint: String, target: String, body: String) -> Result<String, JsValue> {
    let error = |e: gloo_net::Error| JsValue::from_str(&e.to_string());
    let controller = web_sys::AbortController::new()?;
    let response = gloo_net::http::Request::post(&endpoint)
        .abort_signal(Some(&controller.signal()))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", &target)
        .credentials(web_sys::RequestCredentials::Omit)
        .body(body)
        .map_err(error)?
        .send()
        .await
        .map_err(error)?;
    let error_type = response.headers().get("x-amzn-ErrorType").unwrap_or_default();
    Ok(error_type + &response.text().await.map_err(error)?)
}

/// src/wasm/js_types.rs: a step handed to JS as a plain object.
#[cfg(feature = "serde-wasm-bindgen")]
#[wasm_bindgen]
pub fn mfa_state(username: &str) -> JsValue {
    use serde::Serialize;
    #[derive(Serialize)]
    struct Mfa<'a> {
        username: &'a str,
        enabled: Vec<&'a str>,
        preferred: Option<&'a str>,
    }
    let state = Mfa { username, enabled: vec!["SMS_MFA"], preferred: None };
    state.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
