//! `work()`: the three modular exponentiations of a Cognito SRP client with a 256-bit
//! secret exponent (g^a, g^x, and S with a 512-bit exponent), on each candidate.

const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

#[allow(dead_code)]
fn bytes(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

#[cfg(feature = "num")]
#[no_mangle]
pub extern "C" fn work() -> u32 {
    use num_bigint::BigUint;
    let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap_or_default();
    let g = BigUint::from(2u32);
    let big_a = g.modpow(&BigUint::from_bytes_be(&bytes(32, 7)), &n);
    let gx = g.modpow(&BigUint::from_bytes_be(&bytes(32, 9)), &n);
    let s = (&big_a + &gx).modpow(&BigUint::from_bytes_be(&bytes(64, 3)), &n);
    s.to_bytes_be()[0] as u32
}

#[cfg(feature = "cbi")]
#[no_mangle]
pub extern "C" fn work() -> u32 {
    use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
    use crypto_bigint::{Odd, U3072};
    let Some(n) = Option::<Odd<U3072>>::from(Odd::new(U3072::from_be_hex(N_HEX))) else { return 0 };
    let params = FixedMontyParams::new_vartime(n);
    let wide = |v: Vec<u8>| {
        let mut b = vec![0u8; 384 - v.len()];
        b.extend(v);
        U3072::from_be_slice(&b)
    };
    let g = FixedMontyForm::new(&U3072::from_u8(2), &params);
    let big_a = g.pow_bounded_exp(&wide(bytes(32, 7)), 256);
    let gx = g.pow_bounded_exp(&wide(bytes(32, 9)), 256);
    let s = (big_a + gx).pow_bounded_exp(&wide(bytes(64, 3)), 512);
    s.retrieve().to_be_bytes().as_ref()[0] as u32
}

#[cfg(feature = "acs")]
#[no_mangle]
pub extern "C" fn work() -> u32 {
    use aws_cognito_srp::{SrpClient, User};
    let client = SrpClient::new(User::new("us-east-1_abc", "alice", "pw"), "client", None);
    client.get_auth_parameters().a.len() as u32
}
