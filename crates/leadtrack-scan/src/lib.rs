//! Images → badge payloads: the codes in a webcam frame or a photo, as text.
//!
//! "It didn't read our badges" is the most common complaint about lead capture, and visitors
//! hold badges at an angle, under hall lighting, a little out of focus. So this crate reads the
//! six symbologies badges carry (QR, PDF417, Code 128, Code 39, Data Matrix, Aztec) with the
//! best decoder we measured plus the preprocessing that measurably pays, and it never panics,
//! whatever bytes it is given. It is its own crate so that rxing's compile stays out of
//! everything that only parses payloads (`leadtrack-badge`).
//!
//! Pure CPU: no files, no threads, no global state a caller can see (one panic hook, below).
//! Callers pass bytes; the shell runs [`decode_luma`] off the UI thread.
//!
//! # Pipeline
//! Each step runs only when the steps before it read nothing, so the common case stays fast.
//! Figures: 194-photo corpus and 50 synthetic tilted frames per symbology, from
//! `examples/scan_bench.rs` on the 2-core build machine.
//!
//! - **rxing** (a port of ZXing and zxing-cpp) reads first on photos: alone it read 180 of the
//!   194 corpus photos (rqrr 113, zbar 150 in the reference bench) and it reads every symbology.
//!   Formats are tried in a fixed order on one binarised image (QR, Data Matrix, Aztec, PDF417,
//!   then Code 128 / Code 39) so the time per image doesn't depend on hash order.
//! - **Regions** (`locate.rs`): one pass over the pixels maps 8×8 blocks by edge energy and
//!   gradient direction. Codes are dense, high-contrast blocks; bars share one direction. Each
//!   candidate region is cropped and, when its edges are parallel, turned so the bars stand
//!   upright. Row-scanning 1D and PDF417 readers miss codes tilted more than a few degrees:
//!   on tilted frames rxing alone read PDF417 9/50 and Code 128 45/50; with regions, 46/50 and
//!   49/50. On webcam frames this runs *first*, because decoding a crop is several times faster
//!   than decoding the frame (QR frames: ~2 ms instead of ~8 ms). On photos it read 2 more
//!   corpus photos.
//! - **rqrr** as a QR second opinion, always inside `catch_unwind` (0.11 panics on some images,
//!   WanzenBug/rqrr#54), its raw bytes read as UTF-8 or, failing that, ZXing's Shift_JIS /
//!   ISO-8859-1 guess.
//! - Photos only: a global-histogram threshold (+1 corpus photo), a local-mean adaptive
//!   threshold (+1), half size with the global threshold (+1); and after a read, the code is
//!   blanked out and the photo read once more, which finds a second code on a badge or the
//!   outer code around a small inner one (+1). Contrast stretching, sharpening, 90° and 45°
//!   turns, 1.5× upscaling and a blur for rqrr were measured too and read nothing the steps
//!   above don't, so they are not here.
//! - Webcam frames only: when no region reads, QR on the frame at half size (a code held so
//!   close that it fills the frame), then the best region again with try-harder settings,
//!   vertical noise smoothing along the upright bars, and rqrr.

use serde::{Deserialize, Serialize};

mod engines;
mod gray;
mod locate;
mod pipeline;

use gray::Gray;

/// The symbologies badges carry. Serialised in snake_case (`qr`, `pdf417`, `code128`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symbology {
    Qr,
    Pdf417,
    Code128,
    Code39,
    DataMatrix,
    Aztec,
}

/// One decoded code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    pub symbology: Symbology,
    /// The payload as text, after the code's own charset handling (ECI, or a Shift_JIS /
    /// ISO-8859-1 guess for QR byte mode without one). Line breaks are kept as encoded.
    pub text: String,
    /// The payload's bytes before charset decoding when the decoder exposes them (QR and
    /// PDF417 byte segments); otherwise the UTF-8 bytes of `text`.
    pub bytes: Vec<u8>,
}

/// Why a photo could not be read at all (a photo with no code in it is `Ok(vec![])`).
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("not a readable PNG or JPEG image: {0}")]
    Unreadable(String),
    #[error("not a webcam frame: {0}")]
    BadFrame(String),
}

pub type Result<T> = std::result::Result<T, ScanError>;

/// Decode an 8-bit grayscale webcam frame (`width * height` bytes, row-major).
///
/// Tuned for time: a 1280×720 frame with a tilted badge in view takes 2–6 ms (median), one
/// without a code about 4 ms, on one core of the 2-core build machine. A buffer whose length
/// is not `width * height` yields no symbols. Identical results are reported once.
pub fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Vec<Symbol> {
    match Gray::from_vec(width as usize, height as usize, luma.to_vec()) {
        Some(img) => pipeline::decode(&img, pipeline::Effort::Frame),
        None => Vec::new(),
    }
}

/// The longest side [`check_frame`] accepts: 4K webcams, with room to spare.
pub const MAX_FRAME_SIDE: u32 = 4096;

/// Whether `len` bytes can be a `width` × `height` luma frame the shell should decode: both
/// sides 1..=[`MAX_FRAME_SIDE`] and exactly one byte per pixel. [`decode_luma`] itself reads
/// nothing from a mismatched buffer; this turns the mismatch into an error a caller can report.
pub fn check_frame(width: u32, height: u32, len: usize) -> Result<()> {
    let sides = 1..=MAX_FRAME_SIDE;
    if !sides.contains(&width) || !sides.contains(&height) {
        return Err(ScanError::BadFrame(format!("{width}×{height}: each side must be 1 to {MAX_FRAME_SIDE} pixels")));
    }
    let pixels = width as usize * height as usize;
    if pixels != len {
        return Err(ScanError::BadFrame(format!("{width}×{height} is {pixels} pixels, but {len} bytes came")));
    }
    Ok(())
}

/// Decode a photo (PNG or JPEG bytes): every code found, each once.
///
/// Photos get the whole cascade: the median corpus photo takes about 1.5 ms including decoding
/// the file, photos with no readable code up to ~35 ms. Photos over 2000 px on the long side
/// are shrunk first.
pub fn decode_image(bytes: &[u8]) -> Result<Vec<Symbol>> {
    Ok(pipeline::decode(&load(bytes)?, pipeline::Effort::Photo))
}

fn load(bytes: &[u8]) -> Result<Gray> {
    let run = || {
        let img = image::load_from_memory(bytes).map_err(|e| ScanError::Unreadable(e.to_string()))?;
        let luma = img.into_luma8();
        let (w, h) = (luma.width() as usize, luma.height() as usize);
        Gray::from_vec(w, h, luma.into_raw()).ok_or_else(|| ScanError::Unreadable("inconsistent image size".into()))
    };
    engines::quietly(run).unwrap_or_else(|| Err(ScanError::Unreadable("the image decoder failed".into())))
}

/// Measurement hooks for the bench (`examples/scan_bench.rs`); not for the app.
#[doc(hidden)]
pub mod bench {
    use super::*;

    /// [`decode_image`] plus the name of the cascade step that read it ("none" if none did).
    pub fn decode_image_traced(bytes: &[u8]) -> Result<(Vec<Symbol>, &'static str)> {
        Ok(pipeline::decode_traced(&load(bytes)?, pipeline::Effort::Photo))
    }

    /// [`decode_luma`] plus the name of the cascade step that read it.
    pub fn decode_luma_traced(width: u32, height: u32, luma: &[u8]) -> (Vec<Symbol>, &'static str) {
        match Gray::from_vec(width as usize, height as usize, luma.to_vec()) {
            Some(img) => pipeline::decode_traced(&img, pipeline::Effort::Frame),
            None => (Vec::new(), "none"),
        }
    }

    /// rxing alone on a frame: one pass over the whole frame, as [`rxing_only`].
    pub fn rxing_only_luma(width: u32, height: u32, luma: &[u8]) -> Vec<Symbol> {
        match Gray::from_vec(width as usize, height as usize, luma.to_vec()) {
            Some(img) => engines::rxing(&img, pipeline::ALL_THOROUGH),
            None => Vec::new(),
        }
    }

    /// rxing alone, as a caller would use it without this crate: one pass, all six
    /// symbologies, try-harder and also-inverted, no preprocessing.
    pub fn rxing_only(bytes: &[u8]) -> Result<Vec<Symbol>> {
        Ok(engines::rxing(&load(bytes)?, pipeline::ALL_THOROUGH))
    }

    /// rqrr alone (QR only), panics caught.
    pub fn rqrr_only(bytes: &[u8]) -> Result<Vec<Symbol>> {
        Ok(engines::rqrr(&load(bytes)?))
    }
}
