//! The two decoders behind one shape: luma in, [`Symbol`]s out, never a panic.
//!
//! rxing (a port of ZXing / zxing-cpp) reads all six symbologies and did best on the corpus;
//! rqrr reads QR only, and reads some QR that rxing misses, but panics on some inputs
//! (WanzenBug/rqrr#54), so every rqrr call runs inside `catch_unwind`.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::{
    BarcodeFormat, BinaryBitmap, DecodeHintValue, DecodeHints, Luma8Source, MultiFormatReader, RXingResult,
    RXingResultMetadataType, RXingResultMetadataValue, Reader,
};

use crate::gray::Gray;
use crate::{Symbol, Symbology};

/// Which symbologies a pass looks for. 1D and PDF417 searches cost time on every frame, so the
/// cascade asks for them only in the passes where they can pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Formats {
    All,
    QrOnly,
    /// The stacked and linear ones that need a near-horizontal scan line: PDF417, Code 128, Code 39.
    Linear,
}

impl Formats {
    /// The groups to try, in order, on one shared binarised image. Explicit order (rather than
    /// one set, which rxing walks in hash order) keeps the time per frame stable: the cheap 2D
    /// detectors first, the row-scanning 1D and PDF417 readers last.
    fn groups(self) -> &'static [&'static [BarcodeFormat]] {
        use BarcodeFormat::*;
        const QR: &[BarcodeFormat] = &[QR_CODE];
        const DM: &[BarcodeFormat] = &[DATA_MATRIX];
        const AZ: &[BarcodeFormat] = &[AZTEC];
        const PDF: &[BarcodeFormat] = &[PDF_417];
        const ONE_D: &[BarcodeFormat] = &[CODE_128, CODE_39];
        match self {
            Formats::All => &[QR, DM, AZ, PDF, ONE_D],
            Formats::QrOnly => &[QR],
            Formats::Linear => &[PDF, ONE_D],
        }
    }
}

/// ZXing's two thresholds: hybrid (local 8×8 blocks, the default, best for 2D codes) and global
/// histogram (one threshold per row, sometimes better for 1D and for small, evenly lit images).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Binarizer {
    Hybrid,
    Global,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct RxingPass {
    pub(crate) formats: Formats,
    pub(crate) binarizer: Binarizer,
    pub(crate) try_harder: bool,
    pub(crate) also_inverted: bool,
}

/// A decoded symbol and the bounding box (x0, y0, x1, y1) of the points the reader reported.
pub(crate) struct Hit {
    pub(crate) symbol: Symbol,
    pub(crate) bounds: Option<(f32, f32, f32, f32)>,
}

/// One rxing decode of one image. Empty on anything but a clean read.
pub(crate) fn rxing(img: &Gray, pass: RxingPass) -> Vec<Symbol> {
    rxing_hit(img, pass).map(|h| vec![h.symbol]).unwrap_or_default()
}

/// [`rxing`] with where the code was.
pub(crate) fn rxing_hit(img: &Gray, pass: RxingPass) -> Option<Hit> {
    if img.width == 0 || img.height == 0 {
        return None;
    }
    let run = || -> Option<RXingResult> {
        let source = Luma8Source::new_with_slice(&img.data, img.width as u32, img.height as u32).ok()?;
        match pass.binarizer {
            Binarizer::Hybrid => decode_groups(BinaryBitmap::new(HybridBinarizer::new(source)), pass),
            Binarizer::Global => decode_groups(BinaryBitmap::new(GlobalHistogramBinarizer::new(source)), pass),
        }
    };
    let result = quietly(run).flatten()?;
    let symbology = symbology_of(result.getBarcodeFormat())?;
    let text = result.getText().to_owned();
    if text.is_empty() {
        return None;
    }
    // rxing's `getRawBytes` are codewords, not the payload. Its byte segments are the payload's
    // bytes before charset decoding; use them when they are the whole payload.
    let segments = match result.getRXingResultMetadata().get(&RXingResultMetadataType::BYTE_SEGMENTS) {
        Some(RXingResultMetadataValue::ByteSegments(segments)) => segments.concat(),
        _ => Vec::new(),
    };
    let bytes =
        if !segments.is_empty() && text_of_qr_bytes(&segments) == text { segments } else { text.as_bytes().to_vec() };
    let points = result.getPoints();
    let bounds = (!points.is_empty()).then(|| {
        points.iter().fold((f32::MAX, f32::MAX, f32::MIN, f32::MIN), |(x0, y0, x1, y1), p| {
            (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y))
        })
    });
    Some(Hit { symbol: Symbol { symbology, text, bytes }, bounds })
}

fn decode_groups<B: rxing::Binarizer>(mut bitmap: BinaryBitmap<B>, pass: RxingPass) -> Option<RXingResult> {
    let mut reader = MultiFormatReader::default();
    for group in pass.formats.groups() {
        let hints = DecodeHints::default()
            .with(DecodeHintValue::PossibleFormats(group.iter().copied().collect()))
            .with(DecodeHintValue::TryHarder(pass.try_harder))
            .with(DecodeHintValue::AlsoInverted(pass.also_inverted));
        if let Ok(result) = reader.decode_with_hints(&mut bitmap, &hints) {
            return Some(result);
        }
    }
    None
}

fn symbology_of(format: &BarcodeFormat) -> Option<Symbology> {
    Some(match format {
        BarcodeFormat::QR_CODE => Symbology::Qr,
        BarcodeFormat::PDF_417 => Symbology::Pdf417,
        BarcodeFormat::CODE_128 => Symbology::Code128,
        BarcodeFormat::CODE_39 => Symbology::Code39,
        BarcodeFormat::DATA_MATRIX => Symbology::DataMatrix,
        BarcodeFormat::AZTEC => Symbology::Aztec,
        _ => return None,
    })
}

/// rqrr on one image: every grid it finds and can decode. Panics are caught and mean "nothing".
pub(crate) fn rqrr(img: &Gray) -> Vec<Symbol> {
    if img.width == 0 || img.height == 0 {
        return Vec::new();
    }
    let run = || {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(img.width, img.height, |x, y| img.get(x, y));
        let mut out = Vec::new();
        for grid in prepared.detect_grids() {
            let mut bytes = Vec::new();
            if grid.decode_to(&mut bytes).is_ok() && !bytes.is_empty() {
                out.push(Symbol { symbology: Symbology::Qr, text: text_of_qr_bytes(&bytes), bytes });
            }
        }
        out
    };
    quietly(run).unwrap_or_default()
}

/// rqrr hands back raw byte-mode data with no ECI or charset handling. Read it the way ZXing
/// does: UTF-8 when it is valid UTF-8, else ZXing's guess (Shift_JIS or ISO-8859-1), which is
/// what Japanese badges and older printers use.
fn text_of_qr_bytes(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    rxing::common::string_utils::guessCharset(bytes, &DecodeHints::default())
        .and_then(|charset| charset.decode(bytes).ok())
        .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned())
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, turning a panic into `None` without printing it.
///
/// A decoder panic is an expected outcome here (rqrr panics on some images), and a webcam sends
/// the same badge 30 times a second: the default hook would print a message and backtrace for
/// every frame. The hook installed once below stays silent only on a thread that is inside
/// `quietly`, and hands every other panic to the hook that was there before.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(was_quiet));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_quietly_becomes_none_and_the_thread_carries_on() {
        assert_eq!(quietly(|| -> u8 { panic!("a decoder bug") }), None);
        assert_eq!(quietly(|| 3), Some(3));
        assert_eq!(quietly(|| quietly(|| -> u8 { panic!("nested") })), Some(None));
    }

    #[test]
    fn qr_bytes_that_are_not_utf8_are_read_as_zxing_would() {
        assert_eq!(text_of_qr_bytes("Grüße".as_bytes()), "Grüße");
        // "テスト" in Shift_JIS, as Japanese badge printers write it.
        assert_eq!(text_of_qr_bytes(&[0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), "テスト");
        // "Grüße" in ISO-8859-1, the QR default for byte mode.
        assert_eq!(text_of_qr_bytes(&[0x47, 0x72, 0xFC, 0xDF, 0x65]), "Grüße");
    }

    #[test]
    fn decoders_read_nothing_from_an_empty_image() {
        let empty = Gray::filled(0, 0, 0);
        let pass =
            RxingPass { formats: Formats::All, binarizer: Binarizer::Hybrid, try_harder: true, also_inverted: true };
        assert!(rxing(&empty, pass).is_empty());
        assert!(rqrr(&empty).is_empty());
    }
}
