//! Behaviour of the public API: what reads, what is refused, and that nothing panics.

#[path = "support/synth.rs"]
mod synth;

use leadtrack_scan::{check_frame, decode_image, decode_luma, Symbol, Symbology, MAX_FRAME_SIDE};
use synth::{Distortion, Kind};

fn texts(found: &[Symbol]) -> Vec<&str> {
    found.iter().map(|s| s.text.as_str()).collect()
}

/// Encode a grayscale buffer as PNG or JPEG bytes, the way a photo arrives.
fn encode(width: usize, height: usize, luma: &[u8], format: image::ImageFormat) -> Vec<u8> {
    let img = image::GrayImage::from_raw(width as u32, height as u32, luma.to_vec()).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A plain upright QR code, `scale` px per module, on a white canvas.
fn qr_canvas(text: &str, scale: usize, width: usize, height: usize, left: usize, top: usize, canvas: &mut [u8]) {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let n = code.width();
    let colors = code.to_colors();
    for y in 0..n * scale {
        for x in 0..n * scale {
            if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark && left + x < width && top + y < height {
                canvas[(top + y) * width + left + x] = 0;
            }
        }
    }
}

#[test]
fn symbologies_serialise_in_snake_case() {
    let names: Vec<String> = [
        Symbology::Qr,
        Symbology::Pdf417,
        Symbology::Code128,
        Symbology::Code39,
        Symbology::DataMatrix,
        Symbology::Aztec,
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    assert_eq!(names, ["\"qr\"", "\"pdf417\"", "\"code128\"", "\"code39\"", "\"data_matrix\"", "\"aztec\""]);
}

#[test]
fn a_photo_of_a_qr_badge_reads_as_png_and_as_jpeg() {
    let (w, h) = (320, 240);
    let mut canvas = vec![255u8; w * h];
    qr_canvas("MECARD:N:Meyer,Lisa;ORG:Contoso;EMAIL:lisa@example.com;;", 4, w, h, 60, 40, &mut canvas);
    for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
        let found = decode_image(&encode(w, h, &canvas, format)).unwrap();
        assert_eq!(texts(&found), ["MECARD:N:Meyer,Lisa;ORG:Contoso;EMAIL:lisa@example.com;;"], "{format:?}");
        assert_eq!(found[0].symbology, Symbology::Qr);
        assert_eq!(found[0].bytes, found[0].text.as_bytes());
    }
}

#[test]
fn the_same_code_twice_in_a_photo_is_reported_once() {
    let (w, h) = (400, 200);
    let mut canvas = vec![255u8; w * h];
    qr_canvas("A0045123", 5, w, h, 20, 40, &mut canvas);
    qr_canvas("A0045123", 5, w, h, 240, 40, &mut canvas);
    let found = decode_image(&encode(w, h, &canvas, image::ImageFormat::Png)).unwrap();
    assert_eq!(texts(&found), ["A0045123"]);
}

#[test]
fn two_different_codes_in_a_photo_are_both_reported() {
    let (w, h) = (400, 200);
    let mut canvas = vec![255u8; w * h];
    qr_canvas("A0045123", 5, w, h, 20, 40, &mut canvas);
    qr_canvas("https://example.com/a/77", 4, w, h, 240, 40, &mut canvas);
    let found = decode_image(&encode(w, h, &canvas, image::ImageFormat::Png)).unwrap();
    let mut got = texts(&found);
    got.sort();
    assert_eq!(got, ["A0045123", "https://example.com/a/77"]);
}

#[test]
fn garbage_bytes_are_an_error_not_a_panic() {
    let png = encode(8, 8, &[255; 64], image::ImageFormat::Png);
    let jpeg = encode(8, 8, &[255; 64], image::ImageFormat::Jpeg);
    let mut noise = vec![0u8; 4096];
    let mut rng = synth::Rng::new(7);
    noise.iter_mut().for_each(|b| *b = rng.next_u64() as u8);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("text", b"BEGIN:VCARD\nFN:Not an image\nEND:VCARD".to_vec()),
        ("noise", noise.clone()),
        ("png signature only", png[..8].to_vec()),
        ("truncated png", png[..png.len() / 2].to_vec()),
        ("truncated jpeg", jpeg[..jpeg.len() / 2].to_vec()),
        ("png header then noise", [&png[..33], &noise[..]].concat()),
    ];
    for (name, bytes) in cases {
        // Err or an empty list are both fine; returning at all means no panic escaped.
        let found = decode_image(&bytes).unwrap_or_default();
        assert!(found.is_empty(), "{name} decoded to {found:?}");
    }
}

#[test]
fn a_png_claiming_huge_dimensions_is_refused_without_allocating_them() {
    // A valid 1×1 PNG whose header then claims 60000×60000 (3.6 GB of pixels).
    let mut png = encode(1, 1, &[0], image::ImageFormat::Png);
    png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    assert!(decode_image(&png).is_err());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn empty_and_tiny_frames_read_nothing() {
    assert!(decode_luma(0, 0, &[]).is_empty());
    assert!(decode_luma(1, 1, &[0]).is_empty());
    assert!(decode_luma(2, 2, &[0, 255, 255, 0]).is_empty());
    assert!(decode_luma(1, 5000, &[128; 5000]).is_empty());
    assert!(decode_luma(5000, 1, &[128; 5000]).is_empty());
    assert!(decode_luma(0, 100, &[]).is_empty());
}

#[test]
fn a_frame_is_checked_for_one_byte_per_pixel_and_sane_sides() {
    assert!(check_frame(1280, 720, 1280 * 720).is_ok());
    assert!(check_frame(MAX_FRAME_SIDE, 1, MAX_FRAME_SIDE as usize).is_ok());
    assert!(check_frame(1280, 720, 1280 * 720 - 1).is_err());
    assert!(check_frame(1280, 720, 1280 * 720 * 4).is_err(), "RGBA is not luma");
    assert!(check_frame(0, 0, 0).is_err());
    assert!(check_frame(MAX_FRAME_SIDE + 1, 1, MAX_FRAME_SIDE as usize + 1).is_err());
    // No overflow into a small product.
    assert!(check_frame(u32::MAX, u32::MAX, 1).is_err());
}

#[test]
fn a_buffer_that_does_not_match_the_dimensions_reads_nothing() {
    assert!(decode_luma(u32::MAX, u32::MAX, &[0; 16]).is_empty());
    assert!(decode_luma(1280, 720, &[0; 1000]).is_empty());
    assert!(decode_luma(10, 10, &[0; 101]).is_empty());
    assert!(decode_luma(0, 0, &[1, 2, 3]).is_empty());
    assert!(decode_luma(65_536, 65_536, &[]).is_empty());
}

#[test]
fn a_frame_with_no_code_reads_nothing() {
    for seed in 0..2 {
        let luma = synth::render_empty(seed, 1280, 720);
        assert!(decode_luma(1280, 720, &luma).is_empty(), "seed {seed}");
    }
    assert!(decode_luma(1280, 720, &vec![0; 1280 * 720]).is_empty());
    assert!(decode_luma(1280, 720, &vec![255; 1280 * 720]).is_empty());
}

/// Read `seeds` synthetic tilted frames of one kind; how many read with the exact payload.
fn tilted_reads(kind: Kind, seeds: u64) -> (u64, Vec<String>) {
    let mut misses = Vec::new();
    for seed in 0..seeds {
        let frame = synth::render(kind, seed, Distortion::TILTED, 1280, 720);
        let found = decode_luma(1280, 720, &frame.luma);
        if !found.iter().any(|s| s.text == frame.expected) {
            misses.push(format!("seed {seed} at {:.1}°: got {:?}", frame.angle_deg, texts(&found)));
        }
    }
    (seeds - misses.len() as u64, misses)
}

// Tilted up to ±20°, mild perspective, blur, uneven light and noise (see support/synth.rs).
// The bench measures rates over 50 seeds; these check a few seeds, allowing one miss for the
// hardest symbology, so they catch a regression without being slow in a debug build.

#[test]
fn tilted_qr_badges_in_webcam_frames_read() {
    let (read, misses) = tilted_reads(Kind::Qr, 6);
    assert_eq!(read, 6, "{misses:?}");
}

#[test]
fn tilted_code128_badges_in_webcam_frames_read() {
    let (read, misses) = tilted_reads(Kind::Code128, 6);
    assert_eq!(read, 6, "{misses:?}");
}

#[test]
fn tilted_pdf417_badges_in_webcam_frames_read() {
    let (read, misses) = tilted_reads(Kind::Pdf417, 6);
    assert!(read >= 5, "{misses:?}");
}

#[test]
fn a_tilted_code128_badge_photo_reads() {
    let frame = synth::render(Kind::Code128, 2, Distortion::TILTED, 1280, 720);
    let found = decode_image(&encode(1280, 720, &frame.luma, image::ImageFormat::Jpeg)).unwrap();
    assert_eq!(texts(&found), [frame.expected.as_str()], "angle {:.1}°", frame.angle_deg);
    assert_eq!(found[0].symbology, Symbology::Code128);
}

#[test]
fn a_qr_code_filling_most_of_the_frame_reads() {
    // Held close to the camera: the code is most of the frame, so no block stands out.
    let (w, h) = (1280, 720);
    let mut canvas = vec![255u8; w * h];
    qr_canvas("https://example.com/attendee/004512", 24, w, h, 340, 20, &mut canvas);
    let found = decode_luma(w as u32, h as u32, &canvas);
    assert_eq!(texts(&found), ["https://example.com/attendee/004512"]);
}
