//! The cascade: cheap passes first, stop at the first pass that reads something.
//!
//! Each step is here because it read corpus images or synthetic tilted badges that the steps
//! before it missed (figures in the crate docs and the bench). A frame from the webcam gets the
//! fast path only; a photo is worth more work.

use crate::engines::{self, Binarizer, Formats, RxingPass};
use crate::gray::Gray;
use crate::locate;
use crate::Symbol;

/// How much work one image is worth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effort {
    /// A webcam frame: another one comes in 33 ms, so stay within ~10 ms.
    Frame,
    /// A photo picked or dropped by a person: try everything that pays.
    Photo,
}

const QR_FAST: RxingPass =
    RxingPass { formats: Formats::QrOnly, binarizer: Binarizer::Hybrid, try_harder: false, also_inverted: false };
pub(crate) const ALL_THOROUGH: RxingPass =
    RxingPass { formats: Formats::All, binarizer: Binarizer::Hybrid, try_harder: true, also_inverted: true };
const LINEAR: RxingPass =
    RxingPass { formats: Formats::Linear, binarizer: Binarizer::Hybrid, try_harder: false, also_inverted: false };
const ALL: RxingPass =
    RxingPass { formats: Formats::All, binarizer: Binarizer::Hybrid, try_harder: false, also_inverted: false };
const QR_THOROUGH: RxingPass =
    RxingPass { formats: Formats::QrOnly, binarizer: Binarizer::Hybrid, try_harder: true, also_inverted: true };

type Step = (&'static str, fn(&Gray) -> Vec<Symbol>);

/// The webcam cascade. Each step runs only when every step before it read nothing.
const FRAME_STEPS: &[Step] = &[
    // The busiest regions, cropped (and deskewed when their edges share one direction): a
    // badge fills a fraction of the frame, so decoding crops is several times cheaper than
    // decoding the frame, and deskewing is what reads tilted 1D and PDF417 codes.
    ("regions", |g| regions(g, 2, false)),
    // QR on the whole frame at half size, for the code the region map misses: one held so
    // close that it fills most of the frame (then it *is* the median block). Half size because
    // such a code has big modules, and a full-size pass costs 3–14 ms on a noisy empty frame.
    ("rxing_qr_half_frame", |g| engines::rxing(&g.downscale(2), QR_FAST)),
    // The most promising region again with the slow settings, noise smoothing and rqrr.
    ("regions_thorough", |g| regions(g, 1, true)),
];

/// Decode with every panic caught: whatever a decoder does, the caller gets a list.
pub(crate) fn decode(img: &Gray, effort: Effort) -> Vec<Symbol> {
    decode_traced(img, effort).0
}

/// [`decode`] plus the name of the step that read the code ("none" when none did), so the
/// bench can say what each step bought.
pub(crate) fn decode_traced(img: &Gray, effort: Effort) -> (Vec<Symbol>, &'static str) {
    let run = || match effort {
        Effort::Frame => cascade(img, FRAME_STEPS),
        Effort::Photo => photo(img),
    };
    match engines::quietly(run) {
        Some((found, step)) => (dedup(found), step),
        None => (Vec::new(), "panic"),
    }
}

fn cascade(img: &Gray, steps: &[Step]) -> (Vec<Symbol>, &'static str) {
    for (name, step) in steps {
        let found = step(img);
        if !found.is_empty() {
            return (found, name);
        }
    }
    (Vec::new(), "none")
}

fn dedup(symbols: Vec<Symbol>) -> Vec<Symbol> {
    let mut out: Vec<Symbol> = Vec::with_capacity(symbols.len());
    for s in symbols {
        if !out.iter().any(|o| o.symbology == s.symbology && o.text == s.text) {
            out.push(s);
        }
    }
    out
}

/// Crop each candidate region; for bar-like regions turn the bars upright first. Returns at the
/// first region that reads.
fn regions(img: &Gray, max: usize, thorough: bool) -> Vec<Symbol> {
    let linear = RxingPass { try_harder: thorough, ..LINEAR };
    let all = RxingPass { try_harder: thorough, also_inverted: thorough, ..ALL };
    for region in locate::regions(img, max) {
        let r = region.grown(0.25, img.width, img.height);
        let crop = img.crop(r.x, r.y, r.width, r.height);
        if region.coherence > 0.15 {
            // Bars: rotate so they stand vertical, on a canvas that holds the turned region.
            let (s, c) = region.angle_deg.to_radians().sin_cos();
            let (w, h) = (r.width as f32, r.height as f32);
            let out_w = (w * c.abs() + h * s.abs()) as usize;
            let out_h = (w * s.abs() + h * c.abs()) as usize;
            let (cx, cy) = (r.x as f32 + w / 2.0, r.y as f32 + h / 2.0);
            let upright = if region.angle_deg.abs() > 2.0 {
                img.rotated_crop(cx, cy, out_w, out_h, region.angle_deg)
            } else {
                crop.clone()
            };
            let found = engines::rxing(&upright, linear);
            if !found.is_empty() {
                return found;
            }
            if thorough {
                let found = engines::rxing(&upright.smooth_vertical(2), linear);
                if !found.is_empty() {
                    return found;
                }
            }
        }
        let found = engines::rxing(&crop, all);
        if !found.is_empty() {
            return found;
        }
        if thorough {
            let found = engines::rqrr(&crop);
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

/// Photos larger than this (longest side) are shrunk first: a badge code in a 12 MP photo is
/// hundreds of pixels wide, and every pass costs time in proportion to the pixels.
const PHOTO_MAX_SIDE: usize = 2000;

/// The photo cascade, in order. Each step is tried only when every step before it read nothing.
const PHOTO_STEPS: &[Step] = &[
    // 180 of 194 corpus photos alone; the second look adds the outer code of a nested pair.
    ("rxing", |g| with_look_again(g, ALL_THOROUGH)),
    // Tilted 1D and PDF417 badges; +2 corpus photos (warped cloth, read from a tighter crop).
    ("regions", |g| regions(g, 3, true)),
    // The QR second opinion. Its corpus reads overlap the steps above, but it reads a few codes
    // that rxing's finder misses, and costs nothing unless everything before failed.
    ("rqrr", engines::rqrr),
    // One threshold per row instead of 8×8 blocks: +1 corpus photo (a code over a photograph).
    ("rxing_global_threshold", |g| engines::rxing(g, RxingPass { binarizer: Binarizer::Global, ..ALL_THOROUGH })),
    // Local-mean threshold over 1/16 of the image: +1 (uneven light on a T-shirt print).
    ("rxing_adaptive_threshold", |g| {
        let r = (g.width.min(g.height) / 16).max(4);
        engines::rxing(&g.adaptive_threshold(r, 8), QR_THOROUGH)
    }),
    // Half size: averages away texture inside the modules; +1.
    ("rxing_half_global", |g| {
        if g.width.min(g.height) < 200 {
            return Vec::new();
        }
        engines::rxing(&g.downscale(2), RxingPass { binarizer: Binarizer::Global, ..QR_THOROUGH })
    }),
];

fn photo(img: &Gray) -> (Vec<Symbol>, &'static str) {
    let longest = img.width.max(img.height);
    if longest > PHOTO_MAX_SIDE {
        return cascade(&img.downscale(longest.div_ceil(PHOTO_MAX_SIDE)), PHOTO_STEPS);
    }
    cascade(img, PHOTO_STEPS)
}

/// Decode, then blank out what was read and look once more: a badge can carry two codes (a QR
/// and a barcode), and a small code printed inside a bigger one hides the outer one.
fn with_look_again(img: &Gray, pass: RxingPass) -> Vec<Symbol> {
    let Some(hit) = engines::rxing_hit(img, pass) else {
        return Vec::new();
    };
    let mut found = vec![hit.symbol];
    if let Some((x0, y0, x1, y1)) = hit.bounds {
        // Reported points are the code's corners (or finder centres): a small margin covers it.
        // A large one would erase too much of an outer code for its error correction.
        let (w, h) = (x1 - x0, y1 - y0);
        let (mx, my) = (w * 0.08 + 4.0, h * 0.08 + 4.0);
        let (bx, by) = ((x0 - mx).max(0.0) as usize, (y0 - my).max(0.0) as usize);
        let mut rest = img.clone();
        rest.blank(bx, by, (w + 2.0 * mx) as usize, (h + 2.0 * my) as usize);
        // The second look uses fast settings: it is an extra, and runs on every photo.
        if let Some(second) = engines::rxing_hit(&rest, RxingPass { try_harder: false, also_inverted: false, ..pass }) {
            found.push(second.symbol);
        }
    }
    found
}
