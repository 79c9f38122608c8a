//! Cognito SRP against amazon-cognito-identity-js: 240 vectors made by
//! `scripts/srp-vectors.mjs` (regenerate with `node scripts/srp-vectors.mjs`).
//! The browser runs the same vectors on its JS BigInt arithmetic (tests/browser.rs).

#![cfg(not(target_arch = "wasm32"))]

mod srp_fixture;

use cognito_totp_enroll::srp::NativeArith;

#[test]
fn native_arithmetic_matches_amazon_cognito_identity_js() {
    srp_fixture::check_every_vector(&NativeArith);
}
