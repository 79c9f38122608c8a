//! Cognito SRP against amazon-cognito-identity-js: 240 vectors made by
//! `scripts/srp-vectors.mjs` (regenerate with `node scripts/srp-vectors.mjs`).
//! The browser runs the same vectors on its JS BigInt arithmetic (tests/browser.rs).

#![cfg(not(target_arch = "wasm32"))]

use cognito_totp_enroll::srp::{hex_decode, password_claim, Ephemeral, NativeArith, VerifierChallenge};
use cognito_totp_enroll::Secret;
use serde_json::Value;

#[test]
fn native_arithmetic_matches_amazon_cognito_identity_js() {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/srp_vectors.json")).unwrap();
    let vectors = fixture["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 200, "at least 200 vectors");
    for (i, v) in vectors.iter().enumerate() {
        let s = |key: &str| v[key].as_str().unwrap();
        let eph = Ephemeral::new(&NativeArith, &hex_decode(s("a")).unwrap()).unwrap();
        assert_eq!(eph.srp_a, s("srpA"), "vector {i}: SRP_A");
        let challenge = VerifierChallenge {
            pool_name: s("poolName"),
            user_id: s("userId"),
            salt: s("salt"),
            srp_b: s("srpB"),
            secret_block: s("secretBlock"),
        };
        let claim =
            password_claim(&NativeArith, &eph, &challenge, &Secret::new(s("password")), s("timestamp"))
                .unwrap();
        assert_eq!(claim.u, s("u"), "vector {i}: u");
        assert_eq!(claim.key, s("key"), "vector {i}: HKDF key (SALT {}, SRP_B {:.12})", s("salt"), s("srpB"));
        assert_eq!(claim.signature, s("signature"), "vector {i}: PASSWORD_CLAIM_SIGNATURE");
    }
}
