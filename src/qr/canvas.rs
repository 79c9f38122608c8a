//! A QR code's modules (ISO/IEC 18004): the function patterns, the codewords in
//! their zigzag, and the eight masks, for the normal versions 1 to 40 at level M.
//!
//! What the qrcode crate's `Canvas` does, with the alignment positions, format bits
//! and version bits computed instead of read from its tables for every version and
//! Micro QR: this file is 1.3 kB brotli less in the module than the crate's drawing
//! code and tables (README, "Against the JS peers"). Tested module for module against
//! the crate, for every version and mask.

/// A square of modules, dark or light, and which of them belong to the function
/// patterns (never data, never masked).
#[derive(Clone)]
pub struct Canvas {
    /// Modules per side.
    pub width: usize,
    /// Dark modules, row by row.
    pub dark: Vec<bool>,
    function: Vec<bool>,
}

impl Canvas {
    /// Version `version`'s function patterns, with the codewords `data` placed: every
    /// module but the mask and its format bits.
    pub fn new(version: usize, data: &[u8]) -> Self {
        let width = 4 * version + 17;
        let mut canvas =
            Self { width, dark: vec![false; width * width], function: vec![false; width * width] };
        canvas.draw_function_patterns(version);
        canvas.draw_codewords(data);
        canvas
    }

    /// The modules with mask `mask` (0 to 7, the standard's numbers) and its format bits.
    pub fn masked(&self, mask: u8) -> Vec<bool> {
        let mut masked = self.clone();
        for y in 0..self.width {
            for x in 0..self.width {
                let i = y * self.width + x;
                if !self.function[i] && inverts(mask, x, y) {
                    masked.dark[i] = !masked.dark[i];
                }
            }
        }
        masked.draw_format_bits(mask);
        masked.dark
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let i = y * self.width + x;
        self.dark[i] = dark;
        self.function[i] = true;
    }

    fn draw_function_patterns(&mut self, version: usize) {
        let last = self.width - 1;
        // Timing patterns, then over them the finder patterns with their separators.
        for i in 0..self.width {
            self.set(6, i, i % 2 == 0);
            self.set(i, 6, i % 2 == 0);
        }
        for (x, y) in [(3, 3), (last - 3, 3), (3, last - 3)] {
            self.draw_square(x, y, 4, |distance| distance != 2 && distance != 4);
        }
        let positions = alignment_positions(version, self.width);
        for &x in &positions {
            for &y in &positions {
                // Not at the finder patterns: (6, 6), (6, last - 6) and (last - 6, 6).
                let (near, far) = (x.min(y), x.max(y));
                if !(near == 6 && (far == 6 || far == last - 6)) {
                    self.draw_square(x, y, 2, |distance| distance != 1);
                }
            }
        }
        // Reserved for the format bits (drawn with the mask), and the dark module.
        self.draw_format_bits(0);
        if version >= 7 {
            let bits = version_bits(version);
            for i in 0..18 {
                let (a, b) = (self.width - 11 + i % 3, i / 3);
                self.set(a, b, bit(bits, i));
                self.set(b, a, bit(bits, i));
            }
        }
    }

    /// The modules within `radius` of (x, y), dark where `dark(distance)` says; the
    /// distance is the larger of the two offsets. Parts outside the code are skipped.
    fn draw_square(&mut self, x: usize, y: usize, radius: usize, dark: impl Fn(usize) -> bool) {
        for yy in y.saturating_sub(radius)..=(y + radius).min(self.width - 1) {
            for xx in x.saturating_sub(radius)..=(x + radius).min(self.width - 1) {
                self.set(xx, yy, dark(xx.abs_diff(x).max(yy.abs_diff(y))));
            }
        }
    }

    /// Level M's 15 format bits for `mask`, in both copies, and the dark module.
    fn draw_format_bits(&mut self, mask: u8) {
        let bits = format_bits(mask);
        let last = self.width - 1;
        for i in 0..15 {
            let dark = bit(bits, i);
            // Around the top left finder: down column 8, skipping the timing row,
            // then left along row 8, skipping the timing column.
            let (x, y) = match i {
                0..=5 => (8, i),
                6 => (8, 7),
                7 => (8, 8),
                8 => (7, 8),
                _ => (14 - i, 8),
            };
            self.set(x, y, dark);
            // Along row 8 under the top right finder, then up column 8 beside the
            // bottom left one.
            let (x, y) = if i < 8 { (last - i, 8) } else { (8, last - 14 + i) };
            self.set(x, y, dark);
        }
        self.set(8, last - 7, true);
    }

    /// The codewords' bits, most significant first, up and down two columns at a time
    /// from the right, around the function patterns; the timing column is skipped.
    fn draw_codewords(&mut self, data: &[u8]) {
        let mut i = 0;
        let mut right = self.width - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            let upward = (right + 1) & 2 == 0;
            for step in 0..self.width {
                let y = if upward { self.width - 1 - step } else { step };
                for x in [right, right - 1] {
                    let at = y * self.width + x;
                    if !self.function[at] {
                        if let Some(byte) = data.get(i / 8) {
                            self.dark[at] = byte & (0x80 >> (i % 8)) != 0;
                        }
                        i += 1;
                    }
                }
            }
            if right < 3 {
                return;
            }
            right -= 2;
        }
    }
}

/// Whether mask `mask` inverts the module in column `x`, row `y`.
fn inverts(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    }
}

/// The rows (and columns) of version `version`'s alignment patterns: 6, then evenly
/// spaced by an even step up to `width - 7` (none in version 1).
fn alignment_positions(version: usize, width: usize) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let step = if version == 32 { 26 } else { (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2 };
    let mut positions = vec![6];
    for i in (0..count - 1).rev() {
        positions.push(width - 7 - i * step);
    }
    positions
}

/// Level M (`00`) and `mask`, with their 10-bit BCH code, masked by `101010000010010`.
fn format_bits(mask: u8) -> u32 {
    let data = u32::from(mask);
    let mut rest = data;
    for _ in 0..10 {
        rest = (rest << 1) ^ ((rest >> 9) * 0x537);
    }
    ((data << 10) | rest) ^ 0x5412
}

/// `version` with its 12-bit BCH code: the 18 version bits of versions 7 and up.
fn version_bits(version: usize) -> u32 {
    let data = version as u32;
    let mut rest = data;
    for _ in 0..12 {
        rest = (rest << 1) ^ ((rest >> 11) * 0x1f25);
    }
    (data << 12) | rest
}

fn bit(bits: u32, i: usize) -> bool {
    (bits >> i) & 1 != 0
}
