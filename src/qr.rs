//! The QR code of an `otpauth://` URI, as an SVG string.
//!
//! The SVG holds only the modules (black squares), never user text, so it is safe to
//! insert as markup. Fixed dimensions keep the page from shifting when it appears.
//!
//! The qrcode crate turns the text into the data bits (`Bits`); this module adds the
//! error correction, draws the modules (`canvas.rs`) and picks the mask, each checked
//! against the crate's own result in the tests.

mod canvas;

use crate::Error;
use canvas::Canvas;
use qrcode::bits::Bits;
use qrcode::{EcLevel, Version};
use std::fmt::Write;

/// The light border scanners need, in modules.
const QUIET_ZONE: usize = 4;

/// Renders `text` as an SVG QR code `size` pixels square, with the quiet zone that
/// scanners need. Each row's runs of dark modules become one path segment: a few
/// lines here instead of the qrcode crate's generic renderer, 1.2 kB less in the
/// module (README, "Against the JS peers").
///
/// # Errors
/// [`Error::BadResponse`] when the text is too long for a QR code (a secret Cognito
/// sent would never be).
pub fn svg(text: &str, size: u32) -> Result<String, Error> {
    let code = encode(text)
        .ok_or(Error::BadResponse { subject: "", problem: "the key is too long for a QR code" })?;
    let width = code.width;
    let full = width + 2 * QUIET_ZONE;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" width=\"{size}\" \
         height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" \
         fill=\"#fff\"/><path d=\""
    );
    for (y, row) in code.dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|dark| **dark).count();
            if run > 0 {
                let _ = write!(out, "M{} {}h{run}v1h-{run}z", x + QUIET_ZONE, y + QUIET_ZONE);
            }
            x += run.max(1);
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

/// A QR code's modules, row by row.
struct Modules {
    /// Modules per side, without the quiet zone.
    width: usize,
    /// Dark modules, row by row.
    dark: Vec<bool>,
}

/// `text` as one byte-mode segment in the smallest version that holds it, at error
/// correction level M. The crate's `QrCode::new` would also split the text into
/// numeric and alphanumeric runs; for an otpauth URI that saves a few bytes at most
/// (it is mostly lower case), and leaving that optimizer out of the module saves 4.2 kB
/// (1.9 kB brotli; README, "Against the JS peers").
///
/// The steps are the crate's `QrCode::with_bits`; the modules are drawn by
/// [`Canvas`] and the mask is chosen by [`penalty`] on a flat array (the crate's own
/// scoring allocates a boxed closure for every module it looks at, which made a QR
/// code take 4 ms in the browser). The modules and the mask are the crate's
/// (`the_modules_are_the_ones_the_crate_draws`); on equal penalties the lower mask
/// number wins, as in the crate.
fn encode(text: &str) -> Option<Modules> {
    let canvas = unmasked(text)?;
    let dark = (0..8).map(|mask| canvas.masked(mask)).min_by_key(|dark| penalty(dark, canvas.width))?;
    Some(Modules { width: canvas.width, dark })
}

/// The code's modules before masking: patterns, data and error correction.
fn unmasked(text: &str) -> Option<Canvas> {
    let (version, data) = (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        Some((bits.version(), bits.into_bytes()))
    })?;
    let Version::Normal(number) = version else { return None };
    let number = usize::try_from(number).ok()?;
    let (mut codewords, ec) = codewords(&data, BLOCKS_AT_M[number - 1]);
    codewords.extend(ec);
    Some(Canvas::new(number, &codewords))
}

/// Level M's error correction for each version, from ISO/IEC 18004 table 9: the
/// bytes of error correction per block, and the number of blocks. Where the data
/// does not split evenly, the last blocks take one byte more.
#[rustfmt::skip]
const BLOCKS_AT_M: [(u8, u8); 40] = [
    (10, 1), (16, 1), (26, 1), (18, 2), (24, 2), (16, 4), (18, 4), (22, 4), (22, 5), (26, 5),
    (30, 5), (22, 8), (22, 9), (24, 9), (24, 10), (28, 10), (28, 11), (26, 13), (26, 14), (26, 16),
    (26, 17), (28, 17), (28, 18), (28, 20), (28, 21), (28, 23), (28, 25), (28, 26), (28, 28), (28, 29),
    (28, 31), (28, 33), (28, 35), (28, 37), (28, 38), (28, 40), (28, 43), (28, 45), (28, 47), (28, 49),
];

/// The data split into blocks, each block's Reed-Solomon error correction, and both
/// interleaved as the code places them: what the crate's `ec::construct_codewords`
/// does, with the generator polynomial computed instead of read from its tables of
/// every degree up to 69 (4 kB that brotli cannot shrink; README, "Against the JS
/// peers"). Checked against the crate for all 40 versions.
fn codewords(data: &[u8], (ec_len, blocks): (u8, u8)) -> (Vec<u8>, Vec<u8>) {
    let (ec_len, blocks) = (usize::from(ec_len), usize::from(blocks));
    let field = Field::new();
    let generator = field.generator(ec_len);
    let (short, long_blocks) = (data.len() / blocks, data.len() % blocks);
    let mut rest = data;
    let mut data_blocks = Vec::with_capacity(blocks);
    let mut ec_blocks = Vec::with_capacity(blocks);
    for block in 0..blocks {
        let (this, after) = rest.split_at(short + usize::from(block >= blocks - long_blocks));
        ec_blocks.push(field.remainder(this, &generator));
        data_blocks.push(this);
        rest = after;
    }
    let ec_blocks: Vec<&[u8]> = ec_blocks.iter().map(Vec::as_slice).collect();
    (interleave(&data_blocks), interleave(&ec_blocks))
}

/// The first byte of every block, then the second, and so on; shorter blocks drop out.
/// The last block is a longest one: the longer blocks come last.
fn interleave(blocks: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..blocks.last().map_or(0, |block| block.len()) {
        for block in blocks {
            out.extend(block.get(i));
        }
    }
    out
}

/// GF(256) as QR codes use it (x^8 + x^4 + x^3 + x^2 + 1), by powers of 2.
struct Field {
    exp: [u8; 255],
    log: [u8; 256],
}

impl Field {
    fn new() -> Self {
        let (mut exp, mut log) = ([0u8; 255], [0u8; 256]);
        let mut x: u16 = 1;
        for (power, slot) in exp.iter_mut().enumerate() {
            *slot = x as u8;
            log[usize::from(x)] = power as u8;
            x <<= 1;
            if x > 0xff {
                x ^= 0x11d;
            }
        }
        Self { exp, log }
    }

    fn mul(&self, a: u8, b: u8) -> u8 {
        if a == 0 || b == 0 {
            return 0;
        }
        self.exp[(usize::from(self.log[usize::from(a)]) + usize::from(self.log[usize::from(b)])) % 255]
    }

    /// (x - 1)(x - 2)(x - 2^2)...(x - 2^(degree-1)), highest coefficient first.
    fn generator(&self, degree: usize) -> Vec<u8> {
        let mut poly = vec![1u8];
        for &root in &self.exp[..degree] {
            poly.push(0);
            for j in (1..poly.len()).rev() {
                poly[j] ^= self.mul(poly[j - 1], root);
            }
        }
        poly
    }

    /// `data` times x^degree, modulo the generator: the error correction bytes.
    fn remainder(&self, data: &[u8], generator: &[u8]) -> Vec<u8> {
        let mut rest = data.to_vec();
        rest.resize(data.len() + generator.len() - 1, 0);
        for i in 0..data.len() {
            let lead = rest[i];
            for (slot, &coefficient) in rest[i + 1..].iter_mut().zip(&generator[1..]) {
                *slot ^= self.mul(coefficient, lead);
            }
        }
        rest.split_off(data.len())
    }
}

/// The penalty score of ISO/IEC 18004 (section 7.8.3) as the `qrcode` crate counts
/// it: runs of five or more, 2x2 blocks, finder-like patterns, and the dark ratio.
/// Columns are copied into rows first, so that every line is a slice.
fn penalty(rows: &[bool], width: usize) -> u32 {
    let mut columns = vec![false; rows.len()];
    let mut score = 0;
    let mut dark = 0;
    for (i, &this) in rows.iter().enumerate() {
        let (y, x) = (i / width, i % width);
        columns[x * width + y] = this;
        dark += usize::from(this);
        // A 2x2 block of one colour, counted at its lower right module.
        if x > 0 && y > 0 {
            let up = i - width;
            if this == rows[i - 1] && this == rows[up] && this == rows[up - 1] {
                score += 3;
            }
        }
    }
    for start in (0..rows.len()).step_by(width) {
        score += line_penalty(&rows[start..start + width]) + line_penalty(&columns[start..start + width]);
    }
    score + (dark * 200 / rows.len()).abs_diff(100) as u32
}

/// Dark-light-dark-dark-dark-light-dark: a finder pattern's middle rows.
const FINDER: [bool; 7] = [true, false, true, true, true, false, true];

/// One row's or column's share: 3 points for a run of five modules of one colour
/// and one more for each beyond; 40 for a finder-like pattern without four light
/// modules (or the edge) on one side or the other. The crate takes 360 off each
/// direction's finder score (the three real finder patterns): the same for every
/// mask, so left out here.
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 0;
    for (j, &this) in line.iter().enumerate() {
        run = if j > 0 && this == line[j - 1] { run + 1 } else { 1 };
        // The run's last module: it scores once, by its full length.
        if run >= 5 && line.get(j + 1) != Some(&this) {
            score += run - 2;
        }
        if line.get(j..j + 7) == Some(&FINDER[..]) {
            let light_before = !line[j.saturating_sub(4)..j].contains(&true);
            if light_before || !line[j + 7..(j + 11).min(line.len())].contains(&true) {
                score += 40;
            }
        }
    }
    score
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
        assert!(!svg.contains("h0"), "no empty runs");
        assert!(svg.ends_with("</svg>"));
    }

    /// Paints the path back onto a grid and compares it with the code's modules, so
    /// the runs are exactly the dark modules, offset by the quiet zone.
    #[test]
    fn the_path_covers_exactly_the_dark_modules() {
        let text = "otpauth://totp/Demo%20Corp%3Ademo-sms?secret=JBSWY3DPEHPK3PXP&issuer=Demo%20Corp";
        let code = encode(text).unwrap();
        let width = code.width;
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
        for y in 0..full {
            for x in 0..full {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let dark = inside && code.dark[(y - QUIET_ZONE) * width + x - QUIET_ZONE];
                assert_eq!(painted[y * full + x], dark, "module ({x}, {y})");
            }
        }
    }

    /// Byte-mode capacities at level M from the QR standard (ISO/IEC 18004, table 7):
    /// version 5 holds 84 bytes, version 6 holds 106.
    #[test]
    fn picks_the_smallest_version_that_holds_the_text() {
        for (len, version) in [(84, 5), (85, 6), (106, 6), (107, 7)] {
            let canvas = unmasked(&"a".repeat(len)).unwrap();
            assert_eq!(canvas.width, 4 * version + 17, "{len} bytes");
        }
    }

    /// The crate's modules, drawn by its own `Canvas` from the same codewords, with
    /// mask `mask` (the standard's number).
    fn crates_modules(version: i16, data: &[u8], mask: u8) -> Vec<bool> {
        use qrcode::canvas::{Canvas as CratesCanvas, MaskPattern};
        const MASKS: [MaskPattern; 8] = [
            MaskPattern::Checkerboard,
            MaskPattern::HorizontalLines,
            MaskPattern::VerticalLines,
            MaskPattern::DiagonalLines,
            MaskPattern::LargeCheckerboard,
            MaskPattern::Fields,
            MaskPattern::Diamonds,
            MaskPattern::Meadow,
        ];
        let version = Version::Normal(version);
        let (data, ec) = qrcode::ec::construct_codewords(data, version, EcLevel::M).unwrap();
        let mut canvas = CratesCanvas::new(version, EcLevel::M);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        canvas.apply_mask(MASKS[usize::from(mask)]);
        canvas.into_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect()
    }

    /// `text`'s data codewords in `version`, as the crate encodes them; `None` when
    /// it does not fit.
    fn data_of(text: &[u8], version: i16) -> Option<Vec<u8>> {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        Some(bits.into_bytes())
    }

    /// Every version's function patterns, data placement and eight masks, module for
    /// module against the crate's `Canvas`.
    #[test]
    fn the_modules_are_the_crates_for_every_version_and_mask() {
        // Varied bytes, as many as each version holds, so that data fills the code.
        let text: Vec<u8> = (0..2400u32).map(|i| (i * 7919 % 251) as u8).collect();
        for version in 1..=40i16 {
            let (mut fits, mut too_long) = (0, text.len());
            while too_long - fits > 1 {
                let middle = (fits + too_long) / 2;
                if data_of(&text[..middle], version).is_some() {
                    fits = middle;
                } else {
                    too_long = middle;
                }
            }
            let data = data_of(&text[..fits], version).unwrap();
            let number = version as usize;
            let (mut codewords, ec) = codewords(&data, BLOCKS_AT_M[number - 1]);
            codewords.extend(ec);
            let ours = Canvas::new(number, &codewords);
            for mask in 0..8 {
                assert!(
                    ours.masked(mask) == crates_modules(version, &data, mask),
                    "version {version}, mask {mask}"
                );
            }
        }
    }

    /// The crate's `QrCode::with_bits` is the reference for the whole encoding: same
    /// version, same mask, so the same modules, for texts from a few bytes to version
    /// 10; and every mask wins for some text.
    #[test]
    fn the_modules_are_the_ones_the_crate_draws() {
        let mut masks_seen = std::collections::HashSet::new();
        for len in (1..=200).step_by(3) {
            for seed in 0..4u32 {
                // Varied texts, so that every mask wins somewhere.
                let text: String = (0..len)
                    .map(|i| char::from(b'!' + ((i as u32 * 7919 + seed * 104_729) % 90) as u8))
                    .collect();
                let ours = encode(&text).unwrap();
                let canvas = unmasked(&text).unwrap();
                let version = ((canvas.width - 17) / 4) as i16;
                let mut bits = Bits::new(Version::Normal(version));
                bits.push_byte_data(text.as_bytes()).unwrap();
                bits.push_terminator(EcLevel::M).unwrap();
                let theirs = qrcode::QrCode::with_bits(bits, EcLevel::M).unwrap();
                assert_eq!(ours.width, theirs.width(), "{text}");
                let theirs: Vec<bool> =
                    theirs.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
                assert!(ours.dark == theirs, "{len} bytes, seed {seed}: different modules");
                masks_seen.extend((0..8).find(|&mask| canvas.masked(mask) == ours.dark));
            }
        }
        assert_eq!(masks_seen.len(), 8, "every mask was chosen for some text: {masks_seen:?}");
    }

    /// The crate's `construct_codewords` is the reference, for every version at level M.
    #[test]
    fn error_correction_is_the_crates_for_every_version() {
        for number in 1..=40i16 {
            let version = Version::Normal(number);
            let mut bits = Bits::new(version);
            let text: Vec<u8> = (0..(number as u32 * 37)).map(|i| (i * 7919 % 251) as u8).collect();
            if bits.push_byte_data(&text).is_err() || bits.push_terminator(EcLevel::M).is_err() {
                bits = Bits::new(version);
                bits.push_byte_data(b"short").unwrap();
                bits.push_terminator(EcLevel::M).unwrap();
            }
            let data = bits.into_bytes();
            let theirs = qrcode::ec::construct_codewords(&data, version, EcLevel::M).unwrap();
            assert_eq!(codewords(&data, BLOCKS_AT_M[number as usize - 1]), theirs, "version {number}");
        }
    }

    #[test]
    fn too_long_text_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        assert_eq!(svg(&long, 200).unwrap_err().code(), "BadResponse");
    }
}
