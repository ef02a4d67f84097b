//! QR codes as a module matrix, drawn as vector squares (sharp at any print size).

use qrcode::bits::Bits;
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode, Version};

use crate::layout::page::{Page, Rgb8};
use crate::PdfError;

/// The modules of a QR code, without the quiet zone; row-major, `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `payload` (a vCard, a URL, …) at error-correction level M (15 % may be damaged
    /// or covered and it still reads), the level badge printers use too.
    ///
    /// Non-ASCII text (a vCard with 王伟 in it) is one byte-mode segment marked UTF-8 (ECI 26).
    /// The encoder's "optimal" segmentation would put UTF-8 bytes that happen to look like
    /// Shift_JIS into Kanji mode, and scanners would read other characters back.
    pub fn encode(payload: &str) -> Result<QrMatrix, PdfError> {
        let code = if payload.is_ascii() {
            QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        } else {
            utf8_byte_mode(payload.as_bytes())
        }
        .map_err(|e| PdfError::QrPayload(e.to_string()))?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(QrMatrix { width, dark })
    }

    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark (outside the matrix: light).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The smallest code holding `data` as ECI 26 (UTF-8) + one byte segment.
fn utf8_byte_mode(data: &[u8]) -> Result<QrCode, QrError> {
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        let fits = bits.push_eci_designator(26).is_ok()
            && bits.push_byte_data(data).is_ok()
            && bits.push_terminator(EcLevel::M).is_ok();
        if fits {
            return QrCode::with_bits(bits, EcLevel::M);
        }
    }
    Err(QrError::DataTooLong)
}

/// Draws `qr` in a `size` × `size` square whose top-left corner is at absolute (`left`, `top`),
/// quiet zone included (4 modules of white on each side, as the standard asks).
pub(crate) fn draw(page: &mut Page, qr: &QrMatrix, left: f32, top: f32, size: f32, color: Rgb8) {
    let quiet = 4;
    let modules = qr.width() + 2 * quiet;
    let m = size / modules as f32;
    page.fill_rect_abs(left, top, size, size, [255, 255, 255]);
    // One rectangle per horizontal run of dark modules keeps the content stream small.
    let mut rects = Vec::new();
    for y in 0..qr.width() {
        let mut x = 0;
        while x < qr.width() {
            if !qr.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < qr.width() && qr.is_dark(x, y) {
                x += 1;
            }
            rects.push((
                left + (start + quiet) as f32 * m,
                top + (y + quiet) as f32 * m,
                (x - start) as f32 * m,
                // A hair taller so anti-aliased rasterizers leave no light seam between rows.
                m + 0.05,
            ));
        }
    }
    page.fill_rects_abs(&rects, color);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix as an 8-bit image: `scale` pixels a module, 4-module quiet zone.
    fn luma(qr: &QrMatrix, scale: usize) -> (u32, u32, Vec<u8>) {
        let side = (qr.width() + 8) * scale;
        let mut px = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
                if qr.is_dark(mx, my) {
                    px[y * side + x] = 0;
                }
            }
        }
        (side as u32, side as u32, px)
    }

    #[test]
    fn the_matrix_decodes_back_to_its_payload() {
        for payload in [
            "https://acme.example/q/Q-2026-0042?promo=CANTON26",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王伟\r\nORG:深圳市华强电子有限公司\r\nEND:VCARD",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:سارا احمدی\r\nEND:VCARD",
        ] {
            let qr = QrMatrix::encode(payload).unwrap();
            let (w, h, px) = luma(&qr, 4);
            let symbols = leadtrack_scan::decode_luma(w, h, &px);
            assert_eq!(symbols.len(), 1, "{payload}");
            assert_eq!(symbols[0].text, payload);
            assert_eq!(symbols[0].bytes, payload.as_bytes());
        }
    }

    #[test]
    fn a_payload_too_long_for_any_code_is_an_error() {
        assert!(QrMatrix::encode(&"x".repeat(5_000)).is_err());
        assert!(QrMatrix::encode(&"王".repeat(2_000)).is_err());
    }

    #[test]
    fn a_longer_payload_needs_a_larger_code() {
        let short = QrMatrix::encode("https://a.example/q").unwrap();
        let long = QrMatrix::encode(&"https://a.example/q?".repeat(20)).unwrap();
        assert!(long.width() > short.width());
        assert!(!short.is_dark(short.width(), 0), "outside the matrix is light");
    }
}
