//! The QR code of an `otpauth://` URI, as an SVG string.
//!
//! The SVG holds only the modules (black squares), never user text, so it is safe to
//! insert as markup. Fixed dimensions keep the page from shifting when it appears.

use crate::Error;
use qrcode::{render::svg, EcLevel, QrCode};

/// Renders `text` as an SVG QR code of at least `size` pixels square, with the
/// quiet zone that scanners need.
///
/// # Errors
/// [`Error::BadResponse`] when the text is too long for a QR code (a secret Cognito
/// sent would never be).
pub fn svg(text: &str, size: u32) -> Result<String, Error> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| Error::BadResponse(format!("QR code: {e}")))?;
    Ok(code.render::<svg::Color<'_>>().min_dimensions(size, size).quiet_zone(true).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_svg_document_of_the_requested_size() {
        let svg = svg("otpauth://totp/Acme:alice?secret=ABCD&issuer=Acme", 200).unwrap();
        assert!(svg.starts_with("<?xml"), "{svg:.40}");
        assert!(svg.contains("<svg"));
        assert!(svg.contains("<path"), "modules are drawn as one path");
    }

    #[test]
    fn too_long_text_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        assert_eq!(svg(&long, 200).unwrap_err().code(), "BadResponse");
    }
}
