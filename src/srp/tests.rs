//! The known-answer vector of docs/cognito-protocol.md, each intermediate value named.

#![cfg(not(target_arch = "wasm32"))] // native only: they run on num-bigint arithmetic

use super::*;

const POOL: &str = "AbCdEf123";
const USER: &str = "alice";
const PASSWORD: &str = "Passw0rd!";
const A: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const SRP_B: &str = "9f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99";
const SALT: &str = "8ce8291892390f6b53a245933faf6164";
const SECRET_BLOCK: &str = "c2VjcmV0LWJsb2NrLWJ5dGVz";
const TIMESTAMP: &str = "Mon Jan 6 09:05:03 UTC 2025";

#[test]
fn k_is_hash_of_padded_n_and_g() {
    let k = Sha256::digest([pad(&const_hex(N_HEX)), pad(G)].concat());
    assert_eq!(hex_encode(&k), K_HEX, "k");
}

#[test]
fn cognito_md_vector() {
    let arith = NativeArith;
    let eph = Ephemeral::new(&arith, &hex_decode(A).unwrap()).unwrap();
    assert_eq!(eph.srp_a.len(), 767, "SRP_A length (odd: no leading zero)");
    assert!(eph.srp_a.starts_with("bc9d04a55dbadd5dcf658cb309f5b663"), "SRP_A start");
    assert!(eph.srp_a.ends_with("8ee07425432217c5693791eafa319745"), "SRP_A end");
    let challenge = VerifierChallenge {
        pool_name: POOL,
        user_id: USER,
        salt: SALT,
        srp_b: SRP_B,
        secret_block: SECRET_BLOCK,
    };
    let claim = password_claim(&arith, &eph, &challenge, &Secret::new(PASSWORD), TIMESTAMP).unwrap();
    assert_eq!(claim.u, "5cdb20dd763300b128470f2daf3028fd920201fa9e8eb395e95f817569aa7d0d", "u");
    assert_eq!(claim.key, "3830fa6b73713f7ede2718e3c7c94463", "HKDF key");
    assert_eq!(claim.signature, "M9Ml3Mv5We5lzgb7I7PNkQkpLZJLxmRKXYM9ybsCYcc=", "PASSWORD_CLAIM_SIGNATURE");
}

#[test]
fn b_that_is_zero_mod_n_is_rejected() {
    let arith = NativeArith;
    let eph = Ephemeral::new(&arith, &[7; 32]).unwrap();
    for srp_b in [N_HEX.to_owned(), "0".to_owned(), format!("-{N_HEX}")] {
        let challenge = VerifierChallenge {
            pool_name: POOL,
            user_id: USER,
            salt: SALT,
            srp_b: &srp_b,
            secret_block: SECRET_BLOCK,
        };
        let err = password_claim(&arith, &eph, &challenge, &Secret::new(PASSWORD), TIMESTAMP).unwrap_err();
        assert_eq!(err, Error::Srp("B mod N is zero"), "{srp_b:.10}");
    }
}

#[test]
fn unreadable_srp_b_is_a_bad_response() {
    let arith = NativeArith;
    let eph = Ephemeral::new(&arith, &[7; 32]).unwrap();
    let challenge =
        VerifierChallenge { pool_name: POOL, user_id: USER, salt: SALT, srp_b: "zz", secret_block: "" };
    let err = password_claim(&arith, &eph, &challenge, &Secret::new(PASSWORD), TIMESTAMP).unwrap_err();
    assert_eq!(err.code(), "BadResponse");
}

#[test]
fn secret_hash_matches_aws_documentation_form() {
    // printf aliceclient | openssl dgst -sha256 -hmac secret -binary | base64
    assert_eq!(secret_hash("secret", "alice", "client"), "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0=");
}

#[test]
fn hmac_matches_rfc_4231_with_short_and_longer_than_a_block_keys() {
    // RFC 4231, test cases 2 (a 4-byte key) and 6 (a 131-byte key, hashed first).
    let case2 = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
    assert_eq!(hex_encode(&case2), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    let case6 = hmac_sha256(&[0xaa; 131], &[b"Test Using Larger Than Block-Size Key - Hash Key First"]);
    assert_eq!(hex_encode(&case6), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // Exactly one block is used as it is, not hashed.
    let one_block = hmac_sha256(&[0xaa; 64], &[b"x"]);
    assert_ne!(one_block, hmac_sha256(&Sha256::digest([0xaa; 64]), &[b"x"]));
}

#[test]
fn the_ephemeral_s_debug_shows_srp_a_and_never_the_secret_a() {
    let ephemeral = Ephemeral::new(&NativeArith, &hex_decode(A).unwrap()).unwrap();
    let text = format!("{ephemeral:?}");
    assert!(text.contains(&ephemeral.srp_a[..32]), "{text}");
    assert!(!text.to_lowercase().contains(&A[..16]), "the secret a is not printed: {text}");
}

#[test]
fn native_arithmetic_reduces_as_its_contract_says() {
    let n = |v: u32| v.to_be_bytes().to_vec();
    let value = |bytes: Vec<u8>| bytes.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
    let arith = NativeArith;
    assert_eq!(value(arith.mul_mod(&n(7), &n(5), &n(6))), 5, "35 mod 6");
    assert_eq!(value(arith.sub_mod(&n(2), &n(5), &n(6))), 3, "(2 - 5) mod 6, never negative");
    assert_eq!(value(arith.sub_mod(&n(20), &n(3), &n(6))), 5, "arguments larger than m");
    assert_eq!(value(arith.mod_pow(&n(3), &n(4), &n(7))), 4, "81 mod 7");
    assert_eq!(value(arith.mul_add(&n(3), &n(4), &n(5))), 17, "unreduced");
}
