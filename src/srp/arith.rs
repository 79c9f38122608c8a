//! The group and the big-integer operations SRP needs.
//!
//! Numbers cross this trait as big-endian unsigned magnitudes (leading zeros
//! allowed). The platform provides the arithmetic: JS `BigInt` in the browser, where
//! it is fast and costs no module size, and num-bigint natively. Both run the same
//! known-answer vectors.

/// RFC 3526 3072-bit MODP group prime (group 15), big-endian hex.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The generator, 2.
pub const G: &[u8] = &[2];

/// k = H(PAD(N) | PAD(g)), as Cognito and amazon-cognito-identity-js compute it.
pub const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

/// Big-integer operations on non-negative numbers (big-endian magnitudes).
pub trait BigArith {
    /// `base ^ exp mod m`.
    fn mod_pow(&self, base: &[u8], exp: &[u8], m: &[u8]) -> Vec<u8>;
    /// `a * b mod m`.
    fn mul_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8>;
    /// `(a - b) mod m`, never negative; `a` and `b` may be any size.
    fn sub_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8>;
    /// `a * b + c`, unreduced.
    fn mul_add(&self, a: &[u8], b: &[u8], c: &[u8]) -> Vec<u8>;
}

/// Decodes hex that is known to be valid (the constants above).
pub(crate) fn const_hex(hex: &str) -> Vec<u8> {
    super::bytes::hex_decode(hex).unwrap_or_default()
}
