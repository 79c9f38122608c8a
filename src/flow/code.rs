//! One-time codes as people type them.

use crate::Error;

/// Reads a six-digit code. Spaces and hyphens are ignored and full-width digits
/// (`１２３４５６`, common with Japanese input methods) count as digits.
///
/// # Errors
/// [`Error::CodeFormat`] unless exactly six digits remain.
pub fn normalize_code(typed: &str) -> Result<String, Error> {
    let mut digits = String::with_capacity(6);
    for c in typed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => {
                let value = u32::from(c) - u32::from('０');
                digits.push(char::from_digit(value, 10).ok_or(Error::CodeFormat)?);
            }
            ' ' | '-' | '\u{3000}' | '\t' => {}
            _ => return Err(Error::CodeFormat),
        }
    }
    if digits.len() == 6 {
        Ok(digits)
    } else {
        Err(Error::CodeFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_pass_through() {
        assert_eq!(normalize_code("123456").unwrap(), "123456");
    }

    #[test]
    fn spaces_and_hyphens_are_ignored() {
        assert_eq!(normalize_code(" 123-456 ").unwrap(), "123456");
        assert_eq!(normalize_code("123 456").unwrap(), "123456");
    }

    #[test]
    fn full_width_digits_are_accepted() {
        assert_eq!(normalize_code("１２３４５６").unwrap(), "123456");
    }

    #[test]
    fn wrong_length_or_letters_are_rejected_before_any_request() {
        for bad in ["", "12345", "1234567", "12345a", "abcdef", "１２３"] {
            assert_eq!(normalize_code(bad), Err(Error::CodeFormat), "{bad:?}");
        }
    }
}
