//! The 240 SRP vectors of `tests/fixtures/srp_vectors.json` (made with
//! amazon-cognito-identity-js by `scripts/srp-vectors.mjs`), checked against any
//! big-integer arithmetic: num-bigint natively (tests/srp_vectors.rs), JS BigInt in
//! the browser (tests/browser.rs).

#![allow(clippy::unwrap_used, clippy::panic)] // a test helper: a panic is a failed test

use cognito_totp_enroll::srp::{hex_decode, password_claim, BigArith, Ephemeral, VerifierChallenge};
use cognito_totp_enroll::Secret;
use serde_json::Value;

/// Computes SRP_A and the password claim of every vector with `arith` and compares
/// them with the fixture's; panics at the first difference.
pub fn check_every_vector(arith: &dyn BigArith) {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/srp_vectors.json")).unwrap();
    let vectors = fixture["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 200, "at least 200 vectors");
    for (i, v) in vectors.iter().enumerate() {
        let s = |key: &str| v[key].as_str().unwrap();
        let eph = Ephemeral::new(arith, &hex_decode(s("a")).unwrap()).unwrap();
        assert_eq!(eph.srp_a, s("srpA"), "vector {i}: SRP_A");
        let challenge = VerifierChallenge {
            pool_name: s("poolName"),
            user_id: s("userId"),
            salt: s("salt"),
            srp_b: s("srpB"),
            secret_block: s("secretBlock"),
        };
        let claim =
            password_claim(arith, &eph, &challenge, &Secret::new(s("password")), s("timestamp")).unwrap();
        assert_eq!(claim.u, s("u"), "vector {i}: u");
        assert_eq!(claim.key, s("key"), "vector {i}: HKDF key (SALT {}, SRP_B {:.12})", s("salt"), s("srpB"));
        assert_eq!(claim.signature, s("signature"), "vector {i}: PASSWORD_CLAIM_SIGNATURE");
    }
}
