//! The browser as a [`Platform`]: `crypto.getRandomValues`, `Date.now()` and JS
//! `BigInt`.
//!
//! SRP's big-integer work runs on JS `BigInt`: V8's native digits make it faster
//! than any Rust big-integer crate compiled to wasm32 (measured: about 2x
//! crypto-bigint, 3x num-bigint), and it adds nothing to the module.

use crate::flow::{Platform, TokenSource};
use crate::srp::{hex_encode as hex, BigArith};
use crate::{Error, Secret};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const big = (hex) => (hex ? BigInt('0x' + hex) : 0n);
const hex = (value) => { const h = value.toString(16); return h.length % 2 ? '0' + h : h; };
// Left-to-right with a 4-bit window: about 1.25 multiplications per exponent bit.
function modPow(base, exp, m) {
  base %= m;
  const table = [1n, base];
  for (let i = 2; i < 16; i++) table.push((table[i - 1] * base) % m);
  const bits = exp.toString(16);
  let r = 1n;
  for (const digit of bits) {
    r = (r * r) % m; r = (r * r) % m; r = (r * r) % m; r = (r * r) % m;
    const d = parseInt(digit, 16);
    if (d) r = (r * table[d]) % m;
  }
  return r;
}
export function js_mod_pow(b, e, m) { return hex(modPow(big(b), big(e), big(m))); }
export function js_mul_mod(a, b, m) { return hex((big(a) * big(b)) % big(m)); }
export function js_sub_mod(a, b, m) { const M = big(m); return hex((((big(a) - big(b)) % M) + M) % M); }
export function js_mul_add(a, b, c) { return hex(big(a) * big(b) + big(c)); }
"#)]
extern "C" {
    fn js_mod_pow(base: &str, exp: &str, m: &str) -> String;
    fn js_mul_mod(a: &str, b: &str, m: &str) -> String;
    fn js_sub_mod(a: &str, b: &str, m: &str) -> String;
    fn js_mul_add(a: &str, b: &str, c: &str) -> String;
}

/// [`BigArith`] on JS `BigInt`.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsArith;

fn bytes(hex: &str) -> Vec<u8> {
    crate::srp::hex_decode(hex).unwrap_or_default()
}

impl BigArith for JsArith {
    fn mod_pow(&self, base: &[u8], exp: &[u8], m: &[u8]) -> Vec<u8> {
        bytes(&js_mod_pow(&hex(base), &hex(exp), &hex(m)))
    }
    fn mul_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
        bytes(&js_mul_mod(&hex(a), &hex(b), &hex(m)))
    }
    fn sub_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
        bytes(&js_sub_mod(&hex(a), &hex(b), &hex(m)))
    }
    fn mul_add(&self, a: &[u8], b: &[u8], c: &[u8]) -> Vec<u8> {
        bytes(&js_mul_add(&hex(a), &hex(b), &hex(c)))
    }
}

/// The browser platform.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserPlatform;

impl Platform for BrowserPlatform {
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error> {
        let crypto = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .ok_or(Error::Srp("no crypto.getRandomValues in this browser"))?;
        crypto
            .get_random_values_with_u8_array(out)
            .map(|_| ())
            .map_err(|_| Error::Srp("crypto.getRandomValues failed"))
    }

    fn unix_time(&self) -> u64 {
        (js_sys::Date::now() / 1000.0) as u64
    }

    fn arith(&self) -> &dyn BigArith {
        &JsArith
    }
}

/// The host's `getAccessToken`: a fresh token, or `None` when it has none (no
/// function, a rejection, something other than text).
/// The widget and `EnrollmentClient` both use it (one copy of `run` in the module).
pub struct HostTokens<'a>(pub Option<&'a js_sys::Function>);

impl TokenSource for HostTokens<'_> {
    async fn fresh_access_token(&self) -> Option<Secret> {
        // Only a host page gives `getAccessToken` (feature `embed`).
        if !cfg!(feature = "embed") {
            return None;
        }
        let promise = js_sys::Promise::resolve(&self.0?.call0(&JsValue::NULL).ok()?);
        let token = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()?;
        (!token.trim().is_empty()).then(|| Secret::new(token))
    }
}
