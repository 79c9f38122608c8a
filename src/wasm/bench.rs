//! Entry points for `bench/` only (cargo feature `bench`); not in the shipped module.

use super::platform::BrowserPlatform;
use crate::flow::Platform;
use crate::srp::{password_claim, timestamp, Ephemeral, VerifierChallenge, SMALL_A_BYTES};
use crate::Secret;
use wasm_bindgen::prelude::*;

/// The whole client side of one SRP sign-in, as the page does it: a random `a`,
/// `A`, then the password claim for the given challenge. Returns the signature.
#[wasm_bindgen(js_name = benchSrpClient)]
pub fn bench_srp_client(
    pool_name: &str,
    user_id: &str,
    password: &str,
    salt: &str,
    srp_b: &str,
    secret_block: &str,
) -> Result<String, JsValue> {
    let platform = BrowserPlatform;
    let fail = |e: crate::Error| JsValue::from_str(&e.to_string());
    let mut a = [0u8; SMALL_A_BYTES];
    platform.random_bytes(&mut a).map_err(fail)?;
    let ephemeral = Ephemeral::new(platform.arith(), &a).map_err(fail)?;
    let challenge = VerifierChallenge { pool_name, user_id, salt, srp_b, secret_block };
    let stamp = timestamp::format(platform.unix_time());
    let claim = password_claim(platform.arith(), &ephemeral, &challenge, &Secret::new(password), &stamp)
        .map_err(fail)?;
    Ok(claim.signature)
}

/// QR to SVG as the page renders it (the same size), for the side-by-side with the
/// `qrcode` npm package.
#[wasm_bindgen(js_name = benchQrSvg)]
pub fn bench_qr_svg(text: &str) -> Result<String, JsValue> {
    crate::qr::svg(text, super::views::QR_SIZE).map_err(|e| JsValue::from_str(&e.to_string()))
}
