//! [`BigArith`] on num-bigint, for native builds and tests.

use super::BigArith;
use num_bigint::BigUint;

/// num-bigint arithmetic.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeArith;

fn big(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

impl BigArith for NativeArith {
    fn mod_pow(&self, base: &[u8], exp: &[u8], m: &[u8]) -> Vec<u8> {
        big(base).modpow(&big(exp), &big(m)).to_bytes_be()
    }

    fn mul_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
        (big(a) * big(b) % big(m)).to_bytes_be()
    }

    fn sub_mod(&self, a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
        let m = big(m);
        let (a, b) = (big(a) % &m, big(b) % &m);
        ((a + &m - b) % &m).to_bytes_be()
    }

    fn mul_add(&self, a: &[u8], b: &[u8], c: &[u8]) -> Vec<u8> {
        (big(a) * big(b) + big(c)).to_bytes_be()
    }
}
