//! Cognito's SRP variant (SRP-6a, 3072-bit group, SHA-256, HKDF "Caldera Derived
//! Key"), client side. Pure maths: the random `a`, the clock and the big-integer
//! arithmetic are arguments, so every value is reproducible in tests.
//!
//! | value | computed as |
//! | --- | --- |
//! | A | g^a mod N |
//! | u | H(PAD(A) \| PAD(B)), must not be 0 |
//! | x | H(PAD(salt) \| H(poolName \| USER_ID_FOR_SRP \| ":" \| password)) |
//! | S | ((B - k·g^x) mod N)^(a + u·x) mod N |
//! | key | HKDF-SHA256(salt = PAD(u), ikm = PAD(S), info = "Caldera Derived Key"), 16 bytes: HMAC(HMAC(PAD(u), PAD(S)), info \| 0x01) |
//! | signature | base64(HMAC-SHA256(key, poolName \| USER_ID_FOR_SRP \| SECRET_BLOCK \| TIMESTAMP)) |

mod arith;
mod bytes;
#[cfg(not(target_arch = "wasm32"))]
mod native;
pub mod timestamp;

pub use arith::{BigArith, K_HEX, N_HEX};
pub use bytes::{base64_decode_lenient, hex_decode, hex_encode, pad, Signed};
#[cfg(not(target_arch = "wasm32"))]
pub use native::NativeArith;

use crate::{Error, Secret};
use arith::{const_hex, G};
use bytes::{base64_encode, hex_minimal, strip_zeros};
use sha2::{Digest, Sha256};

/// Bytes of the secret exponent `a`: 256 bits, the size RFC 5054 asks for and the
/// strength of the 3072-bit group. The JS peers use 1024 bits, four times the work
/// for no added strength.
pub const SMALL_A_BYTES: usize = 32;

/// The client's ephemeral pair: secret `a`, public `A`.
pub struct Ephemeral {
    a: Vec<u8>,
    /// `A` as `SRP_A`: lowercase hex without leading zeros.
    pub srp_a: String,
    big_a: Vec<u8>,
}

impl std::fmt::Debug for Ephemeral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ephemeral {{ a: .., srp_a: {} }}", self.srp_a)
    }
}

impl Drop for Ephemeral {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.a);
    }
}

impl Ephemeral {
    /// A = g^a mod N for the given random `a`.
    ///
    /// # Errors
    /// [`Error::Srp`] when A ≡ 0 mod N (impossible for a prime N, checked anyway).
    pub fn new(arith: &dyn BigArith, a: &[u8]) -> Result<Self, Error> {
        let n = const_hex(N_HEX);
        let big_a = arith.mod_pow(G, a, &n);
        if strip_zeros(&big_a).is_empty() {
            return Err(Error::Srp("A mod N is zero"));
        }
        Ok(Self { a: a.to_vec(), srp_a: hex_minimal(&big_a), big_a })
    }
}

/// What the PASSWORD_VERIFIER challenge sent.
#[derive(Debug, Clone, Copy)]
pub struct VerifierChallenge<'a> {
    /// The pool id after the `_`.
    pub pool_name: &'a str,
    /// `USER_ID_FOR_SRP`.
    pub user_id: &'a str,
    /// `SALT`, signed hex.
    pub salt: &'a str,
    /// `SRP_B`, signed hex.
    pub srp_b: &'a str,
    /// `SECRET_BLOCK`, base64.
    pub secret_block: &'a str,
}

/// The intermediate values of a claim, for tests that name each one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimTrace {
    /// u, hex.
    pub u: String,
    /// The HKDF key, hex.
    pub key: String,
    /// `PASSWORD_CLAIM_SIGNATURE`.
    pub signature: String,
}

/// Computes `PASSWORD_CLAIM_SIGNATURE` for the challenge at `timestamp`.
///
/// # Errors
/// [`Error::BadResponse`] for unreadable SALT or SRP_B; [`Error::Srp`] when
/// B ≡ 0 mod N or u = 0, which an honest server never sends.
pub fn password_claim(
    arith: &dyn BigArith,
    ephemeral: &Ephemeral,
    challenge: &VerifierChallenge<'_>,
    password: &Secret,
    timestamp: &str,
) -> Result<ClaimTrace, Error> {
    let n = const_hex(N_HEX);
    let k = const_hex(K_HEX);
    let bad = |subject| Error::BadResponse { subject, problem: "in PASSWORD_VERIFIER is not hex" };
    let b = Signed::parse(challenge.srp_b).ok_or_else(|| bad("SRP_B"))?;
    let salt = Signed::parse(challenge.salt).ok_or_else(|| bad("SALT"))?;

    // B mod N, never negative.
    let b_mod_n =
        if b.negative { arith.sub_mod(&[], &b.magnitude, &n) } else { arith.sub_mod(&b.magnitude, &[], &n) };
    if strip_zeros(&b_mod_n).is_empty() {
        return Err(Error::Srp("B mod N is zero"));
    }
    let u =
        Sha256::new().chain_update(bytes::pad(&ephemeral.big_a)).chain_update(b.pad()).finalize().to_vec();
    if strip_zeros(&u).is_empty() {
        return Err(Error::Srp("u is zero"));
    }
    let identity = Sha256::new()
        .chain_update(challenge.pool_name.as_bytes())
        .chain_update(challenge.user_id.as_bytes())
        .chain_update(b":")
        .chain_update(password.expose().as_bytes())
        .finalize();
    let x = Sha256::new().chain_update(salt.pad()).chain_update(identity).finalize().to_vec();

    let g_x = arith.mod_pow(G, &x, &n);
    let k_g_x = arith.mul_mod(&k, &g_x, &n);
    let base = arith.sub_mod(&b_mod_n, &k_g_x, &n);
    let exponent = arith.mul_add(&u, &x, &ephemeral.a);
    let s = arith.mod_pow(&base, &exponent, &n);

    // HKDF (RFC 5869) for one block: extract, then expand with the counter byte 1.
    let prk = hmac_sha256(&bytes::pad(&u), &[&bytes::pad(&s)]);
    let block = hmac_sha256(&prk, &[b"Caldera Derived Key", &[1]]);
    let key = &block[..16];
    let secret_block = base64_decode_lenient(challenge.secret_block);
    let claim =
        [challenge.pool_name.as_bytes(), challenge.user_id.as_bytes(), &secret_block, timestamp.as_bytes()];
    let signature = base64_encode(&hmac_sha256(key, &claim));
    Ok(ClaimTrace { u: hex_encode(&u), key: hex_encode(key), signature })
}

/// `SECRET_HASH` for app clients with a secret: base64(HMAC-SHA256(secret,
/// username | clientId)).
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    base64_encode(&hmac_sha256(client_secret.as_bytes(), &[username.as_bytes(), client_id.as_bytes()]))
}

/// HMAC-SHA256 (RFC 2104) of `parts` one after another under `key`.
fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // The key padded with zeros to SHA-256's 64-byte block; a longer key is hashed first.
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let padded = |byte: u8| block.map(|b| b ^ byte);
    let mut inner = Sha256::new().chain_update(padded(0x36));
    for part in parts {
        inner.update(part);
    }
    Sha256::new().chain_update(padded(0x5c)).chain_update(inner.finalize()).finalize().into()
}

#[cfg(test)]
mod tests;
