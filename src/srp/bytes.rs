//! Hex, base64 and Cognito's PAD: the byte forms of SRP values.

/// Decodes hex of any length (an odd length gets a leading zero nibble).
pub fn hex_decode(hex: &str) -> Option<Vec<u8>> {
    let mut digits = Vec::with_capacity(hex.len());
    for c in hex.bytes() {
        digits.push(char::from(c).to_digit(16)? as u8);
    }
    let mut out = Vec::with_capacity(digits.len().div_ceil(2));
    let mut iter = digits.iter();
    if digits.len() % 2 == 1 {
        out.push(*iter.next()?);
    }
    while let (Some(hi), Some(lo)) = (iter.next(), iter.next()) {
        out.push(hi << 4 | lo);
    }
    Some(out)
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex, two digits a byte.
pub fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    for byte in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(byte & 15)]));
    }
    out
}

/// Lowercase hex without leading zeros (`0` for zero), as Cognito sends `SRP_A`.
pub fn hex_minimal(bytes: &[u8]) -> String {
    let hex = hex_encode(bytes);
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A signed number as Cognito sends `SALT` and `SRP_B`: hex with an optional `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// True for a leading `-`.
    pub negative: bool,
    /// The magnitude, big-endian, without leading zeros.
    pub magnitude: Vec<u8>,
}

impl Signed {
    /// Parses `[-]hex`.
    pub fn parse(text: &str) -> Option<Self> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() {
            return None;
        }
        let magnitude = strip_zeros(&hex_decode(digits)?).to_vec();
        Some(Self { negative: negative && !magnitude.is_empty(), magnitude })
    }

    /// PAD(x): the minimal big-endian two's complement, as Java's
    /// `BigInteger.toByteArray` and every Cognito client compute it.
    pub fn pad(&self) -> Vec<u8> {
        if !self.negative {
            return pad(&self.magnitude);
        }
        // Two's complement of the magnitude, then drop sign bytes that repeat.
        let mut bytes = pad(&self.magnitude);
        for b in bytes.iter_mut() {
            *b = !*b;
        }
        for b in bytes.iter_mut().rev() {
            let (sum, carry) = b.overflowing_add(1);
            *b = sum;
            if !carry {
                break;
            }
        }
        let mut start = 0;
        while start + 1 < bytes.len() && bytes[start] == 0xff && bytes[start + 1] & 0x80 != 0 {
            start += 1;
        }
        bytes[start..].to_vec()
    }
}

/// PAD(x) of a non-negative magnitude: no leading zeros, but a `00` when the top bit
/// is set, so the value reads as positive. Zero pads to `00`.
pub fn pad(magnitude: &[u8]) -> Vec<u8> {
    let trimmed = strip_zeros(magnitude);
    match trimmed.first() {
        None => vec![0],
        Some(first) if first & 0x80 != 0 => {
            let mut padded = vec![0];
            padded.extend_from_slice(trimmed);
            padded
        }
        Some(_) => trimmed.to_vec(),
    }
}

/// The magnitude without leading zero bytes.
pub fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding. (Twenty lines here instead of the base64 crate's
/// configurable engines: 2.7 kB less in the module.)
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(BASE64[(group >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    out
}

/// Base64 as Cognito sends `SECRET_BLOCK`. Lenient: characters outside the alphabet
/// (padding included) are skipped and trailing bits dropped, so moto's UUID-shaped
/// block still decodes.
pub fn base64_decode_lenient(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for value in text.bytes().filter_map(|c| BASE64.iter().position(|a| *a == c)) {
        acc = (acc << 6 | value as u32) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(text: &str) -> Vec<u8> {
        Signed::parse(text).unwrap().pad()
    }

    #[test]
    fn pad_adds_a_zero_byte_only_when_the_top_bit_is_set() {
        assert_eq!(pad(&[0x7f]), [0x7f]);
        assert_eq!(pad(&[0x80]), [0x00, 0x80]);
        assert_eq!(pad(&[0x00, 0x00, 0x12]), [0x12], "leading zero bytes are dropped");
        assert_eq!(pad(&[]), [0x00]);
    }

    #[test]
    fn odd_length_hex_gets_a_leading_nibble() {
        assert_eq!(hex_decode("abc").unwrap(), [0x0a, 0xbc]);
        assert_eq!(hex_decode("0abc").unwrap(), [0x0a, 0xbc]);
        assert!(hex_decode("xy").is_none());
    }

    #[test]
    fn negative_values_pad_as_java_to_byte_array() {
        // Values checked against java.math.BigInteger.toByteArray.
        assert_eq!(signed("-1"), [0xff]);
        assert_eq!(signed("-80"), [0x80]);
        assert_eq!(signed("-81"), [0xff, 0x7f]);
        assert_eq!(signed("-100"), [0xff, 0x00]);
        assert_eq!(signed("-ff"), [0xff, 0x01]);
        assert_eq!(signed("-8000"), [0x80, 0x00]);
        assert_eq!(signed("-0"), [0x00], "minus zero is zero");
    }

    #[test]
    fn minimal_hex_has_no_leading_zeros() {
        assert_eq!(hex_minimal(&[0x00, 0x0a, 0xbc]), "abc");
        assert_eq!(hex_minimal(&[0x00]), "0");
    }

    #[test]
    fn secret_block_decodes_leniently() {
        assert_eq!(base64_decode_lenient("c2VjcmV0LWJsb2NrLWJ5dGVz"), b"secret-block-bytes");
        assert_eq!(base64_decode_lenient("YWJj"), b"abc");
        assert_eq!(base64_decode_lenient("YWI"), b"ab", "missing padding is fine");
        // moto sends a UUID: not base64, but must not fail the sign-in.
        assert!(!base64_decode_lenient("e50f7727-6ef4-4b29-a904-e4618751f343").is_empty());
    }

    #[test]
    fn base64_agrees_with_the_base64_crate() {
        use base64::Engine;
        let lenient = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
                .with_decode_allow_trailing_bits(true),
        );
        let mut state = 0x2545_f491_u32;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (state >> 24) as u8
                })
                .collect();
            let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
            assert_eq!(base64_encode(&bytes), encoded);
            assert_eq!(base64_decode_lenient(&encoded), bytes);
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(base64_decode_lenient(unpadded), lenient.decode(unpadded).unwrap(), "{unpadded}");
        }
    }
}
