//! The QR code of an `otpauth://` URI, as an SVG string.
//!
//! The SVG holds only the modules (black squares), never user text, so it is safe to
//! insert as markup. Fixed dimensions keep the page from shifting when it appears.

use crate::Error;
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};
use std::fmt::Write;

/// The light border scanners need, in modules.
const QUIET_ZONE: usize = 4;

/// Renders `text` as an SVG QR code `size` pixels square, with the quiet zone that
/// scanners need. Each row's runs of dark modules become one path segment: a few
/// lines here instead of the qrcode crate's generic renderer, 1.2 kB less in the
/// module (README, "Against the JS peers"). The crate's encoding, not this, is why a
/// QR code takes longer here than with the `qrcode` npm package (2.7 ms against 1.1).
///
/// # Errors
/// [`Error::BadResponse`] when the text is too long for a QR code (a secret Cognito
/// sent would never be).
pub fn svg(text: &str, size: u32) -> Result<String, Error> {
    let code = encode(text).ok_or_else(|| Error::BadResponse("the key is too long for a QR code".into()))?;
    let width = code.width();
    let colors = code.into_colors();
    let full = width + 2 * QUIET_ZONE;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" width=\"{size}\" \
         height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" \
         fill=\"#fff\"/><path d=\""
    );
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                let _ = write!(out, "M{} {}h{run}v1h-{run}z", x + QUIET_ZONE, y + QUIET_ZONE);
            }
            x += run.max(1);
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

/// `text` as one byte-mode segment in the smallest version that holds it, at error
/// correction level M. The crate's `QrCode::new` would also split the text into
/// numeric and alphanumeric runs; for an otpauth URI that saves a few bytes at most
/// (it is mostly lower case), and leaving that optimizer out of the module saves 4.2 kB
/// (1.9 kB brotli; README, "Against the JS peers").
fn encode(text: &str) -> Option<QrCode> {
    (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_svg_element_of_the_requested_size() {
        let svg = svg("otpauth://totp/Acme:alice?secret=ABCD&issuer=Acme", 200).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg:.60}");
        assert!(svg.contains(" width=\"200\" height=\"200\""));
        assert_eq!(svg.matches("<path").count(), 1, "modules are drawn as one path");
        assert!(svg.ends_with("</svg>"));
    }

    /// Paints the path back onto a grid and compares it with the code's modules, so
    /// the runs are exactly the dark modules, offset by the quiet zone.
    #[test]
    fn the_path_covers_exactly_the_dark_modules() {
        let text = "otpauth://totp/Demo%20Corp%3Ademo-sms?secret=JBSWY3DPEHPK3PXP&issuer=Demo%20Corp";
        let code = encode(text).unwrap();
        let width = code.width();
        let full = width + 2 * QUIET_ZONE;
        let svg = svg(text, 200).unwrap();
        assert!(svg.contains(&format!("viewBox=\"0 0 {full} {full}\"")));
        let path = svg.split("<path d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut painted = vec![false; full * full];
        for segment in path.split('M').filter(|s| !s.is_empty()) {
            let (x, rest) = segment.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..run {
                assert!(!painted[y * full + x + dx], "painted twice");
                painted[y * full + x + dx] = true;
            }
        }
        let colors = code.to_colors();
        for y in 0..full {
            for x in 0..full {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let dark = inside && colors[(y - QUIET_ZONE) * width + x - QUIET_ZONE] == Color::Dark;
                assert_eq!(painted[y * full + x], dark, "module ({x}, {y})");
            }
        }
    }

    /// Byte-mode capacities at level M from the QR standard (ISO/IEC 18004, table 7):
    /// version 5 holds 84 bytes, version 6 holds 106.
    #[test]
    fn picks_the_smallest_version_that_holds_the_text() {
        for (len, version) in [(84, 5), (85, 6), (106, 6), (107, 7)] {
            let code = encode(&"a".repeat(len)).unwrap();
            assert_eq!(code.version(), Version::Normal(version), "{len} bytes");
            assert_eq!(code.error_correction_level(), EcLevel::M);
        }
    }

    #[test]
    fn too_long_text_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        assert_eq!(svg(&long, 200).unwrap_err().code(), "BadResponse");
    }
}
