//! Synthetic webcam frames of tilted badges, made at run time from a seed.
//!
//! Visitors hold badges at an angle, under hall lighting, a little out of focus. The public
//! corpora are QR-only and mostly upright, so the tests and the bench render their own frames:
//! a QR (vCard), PDF417 (delimited record) or Code 128 (attendee id) code on a white badge card
//! with a few "text" lines, on a cluttered background, then rotated up to ±20°, put in mild
//! perspective, blurred, lit unevenly and given sensor noise. Everything is deterministic in the
//! seed, so a failing frame can be regenerated (and saved with `save_pgm`) to look at.
//!
//! Shared by `tests/` and `examples/scan_bench.rs` (included with `#[path]`), never by the library.
#![allow(dead_code)]

use rxing::Writer;

/// Small deterministic generator (SplitMix64); no `rand` dependency for tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_BADC_0DE5_1234)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    /// Standard normal (Box–Muller).
    pub fn gauss(&mut self) -> f32 {
        let u1 = self.unit().max(1e-7);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Qr,
    Pdf417,
    Code128,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Qr, Kind::Pdf417, Kind::Code128];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Qr => "qr",
            Kind::Pdf417 => "pdf417",
            Kind::Code128 => "code128",
        }
    }
}

/// How hard the frame is. `Tilted` is the badge-at-an-angle case the floors are about.
#[derive(Clone, Copy, Debug)]
pub struct Distortion {
    pub max_angle_deg: f32,
    /// Projective terms: up to this fraction of scale change across the card.
    pub perspective: f32,
    pub blur_sigma: (f32, f32),
    pub noise_sigma: (f32, f32),
    /// Darkening at the dim side of the frame, 0 = even light.
    pub light_falloff: (f32, f32),
}

impl Distortion {
    /// Upright, sharp, evenly lit: a sanity check for the renderer.
    pub const CLEAN: Distortion = Distortion {
        max_angle_deg: 0.0,
        perspective: 0.0,
        blur_sigma: (0.0, 0.0),
        noise_sigma: (0.0, 0.0),
        light_falloff: (0.0, 0.0),
    };
    pub const TILTED: Distortion = Distortion {
        max_angle_deg: 20.0,
        perspective: 0.08,
        blur_sigma: (0.6, 1.3),
        noise_sigma: (3.0, 8.0),
        light_falloff: (0.25, 0.5),
    };
}

/// A rendered 1280×720 (or other size) 8-bit grayscale frame and what it should decode to.
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub luma: Vec<u8>,
    pub kind: Kind,
    pub expected: String,
    pub angle_deg: f32,
}

impl Frame {
    /// Binary PGM: any image viewer opens it; for looking at a failing seed.
    pub fn save_pgm(&self, path: &std::path::Path) -> std::io::Result<()> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.luma);
        std::fs::write(path, out)
    }
}

const FIRST: [&str; 8] = ["Dana", "Lisa", "Kenji", "Amira", "Jonas", "Priya", "Mateo", "Wei"];
const LAST: [&str; 8] = ["Okafor", "Meyer", "Tanaka", "Haddad", "Berg", "Raman", "Silva", "Chen"];
const ORG: [&str; 6] =
    ["Northwind Logistics", "Contoso Ltd", "Fabrikam GmbH", "Tailspin Toys", "Initech", "Umbrella Labs"];

/// The payload a badge of this kind would carry.
pub fn payload(kind: Kind, rng: &mut Rng) -> String {
    let first = *rng.pick(&FIRST);
    let last = *rng.pick(&LAST);
    let org = *rng.pick(&ORG);
    let id = rng.next_u64() % 1_000_000;
    match kind {
        Kind::Qr => format!(
            "BEGIN:VCARD\nVERSION:3.0\nN:{last};{first};;;\nFN:{first} {last}\nORG:{org}\nTITLE:Head of Purchasing\n\
             EMAIL:{}.{}@example.com\nTEL;TYPE=CELL:+49 170 {id:06}\nEND:VCARD",
            first.to_lowercase(),
            last.to_lowercase()
        ),
        Kind::Pdf417 => format!("ATT{id:06}^{first}^{last}^{org}^{}@example.com^DE", first.to_lowercase()),
        Kind::Code128 => format!("A{id:06}"),
    }
}

/// The code as a grid of cells: `dark[row * cols + col]`, each cell `cell_h` modules tall and one
/// module wide, plus the quiet zone (in modules) the symbology asks for.
struct Modules {
    cols: usize,
    rows: usize,
    cell_h: f32,
    dark: Vec<bool>,
    quiet: f32,
}

fn modules(kind: Kind, text: &str) -> Modules {
    match kind {
        Kind::Qr => {
            let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                .expect("the payload fits a QR code");
            let n = code.width();
            let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            Modules { cols: n, rows: n, cell_h: 1.0, dark, quiet: 4.0 }
        }
        Kind::Pdf417 | Kind::Code128 => {
            let (format, hints) = match kind {
                Kind::Pdf417 => (
                    rxing::BarcodeFormat::PDF_417,
                    rxing::EncodeHints::default()
                        .with(rxing::EncodeHintValue::Margin("0".into()))
                        .with(rxing::EncodeHintValue::ErrorCorrection("2".into())),
                ),
                _ => (
                    rxing::BarcodeFormat::CODE_128,
                    rxing::EncodeHints::default().with(rxing::EncodeHintValue::Margin("0".into())),
                ),
            };
            let m =
                rxing::MultiFormatWriter.encode_with_hints(text, &format, 0, 0, &hints).expect("the payload encodes");
            let (w, h) = (m.getWidth() as usize, m.getHeight() as usize);
            let dark =
                (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).map(|(x, y)| m.get(x as u32, y as u32)).collect();
            match kind {
                // rxing draws each PDF417 row as 4 pixel rows one module wide: 3 modules per row.
                Kind::Pdf417 => Modules { cols: w, rows: h, cell_h: 0.75, dark, quiet: 4.0 },
                // One pixel row; bars are drawn 45 modules tall (about 15% of the width).
                _ => Modules { cols: w, rows: 1, cell_h: 45.0, dark: dark[..w].to_vec(), quiet: 10.0 },
            }
        }
    }
}

/// 3×3 projective map, row-major.
#[derive(Clone, Copy)]
struct Homography([f32; 9]);

impl Homography {
    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        ((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w)
    }
    fn mul(&self, o: &Homography) -> Homography {
        let (a, b) = (&self.0, &o.0);
        let mut r = [0.0; 9];
        for i in 0..3 {
            for j in 0..3 {
                r[i * 3 + j] = (0..3).map(|k| a[i * 3 + k] * b[k * 3 + j]).sum();
            }
        }
        Homography(r)
    }
    fn inverse(&self) -> Homography {
        let m = &self.0;
        let det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
        let inv = [
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ];
        Homography(inv.map(|v| v / det))
    }
}

/// Render one frame. Same `(kind, seed, distortion, size)` → same bytes.
pub fn render(kind: Kind, seed: u64, d: Distortion, width: usize, height: usize) -> Frame {
    let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(kind as u64));
    let expected = payload(kind, &mut rng);
    let code = modules(kind, &expected);

    // Card layout in module units: code + quiet zone, with a name band above.
    let code_w = code.cols as f32;
    let code_h = code.rows as f32 * code.cell_h;
    let card_w = code_w + 2.0 * code.quiet;
    let text_band = (code_w.min(80.0) * 0.35).max(12.0);
    let card_h = code_h + 2.0 * code.quiet.min(8.0) + text_band;
    let code_x0 = code.quiet;
    let code_y0 = text_band + code.quiet.min(8.0);

    // Pixels per module: QR ~3.5–5 px (a 200–260 px code), PDF417 / Code 128 ~2.2–3 px.
    let ppm = match kind {
        Kind::Qr => rng.range(3.6, 5.0),
        _ => rng.range(2.3, 3.0),
    };
    let angle = rng.range(-d.max_angle_deg, d.max_angle_deg);
    let (sa, ca) = angle.to_radians().sin_cos();
    let cx = width as f32 / 2.0 + rng.range(-0.08, 0.08) * width as f32;
    let cy = height as f32 / 2.0 + rng.range(-0.08, 0.08) * height as f32;
    // Perspective: the card's far edge is up to `perspective` smaller than its near edge.
    let span = card_w.max(card_h) / 2.0;
    let px = rng.range(-d.perspective, d.perspective) / span;
    let py = rng.range(-d.perspective, d.perspective) / span;
    // card (centred, module units) → frame pixels
    let centre = Homography([1.0, 0.0, -card_w / 2.0, 0.0, 1.0, -card_h / 2.0, 0.0, 0.0, 1.0]);
    let persp = Homography([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, px, py, 1.0]);
    let rot_scale = Homography([ca * ppm, -sa * ppm, cx, sa * ppm, ca * ppm, cy, 0.0, 0.0, 1.0]);
    let forward = rot_scale.mul(&persp).mul(&centre);
    let inverse = forward.inverse();

    let mut img = background(&mut rng, width, height);

    // Ink and paper; text lines: blocky "words" in the band above the code.
    let paper = rng.range(215.0, 245.0);
    let ink = rng.range(15.0, 45.0);
    let words: Vec<(f32, f32, f32, f32)> = (0..2)
        .flat_map(|line| {
            let y = text_band * (0.25 + 0.35 * line as f32);
            let h = text_band * 0.18;
            let mut x = code_x0;
            let mut out = Vec::new();
            let mut r = Rng::new(seed ^ (line as u64 + 7));
            while x < code_x0 + code_w * 0.8 {
                let w = r.range(code_w * 0.08, code_w * 0.25);
                out.push((x, y, (x + w).min(code_x0 + code_w), y + h));
                x += w + code_w * 0.05;
            }
            out
        })
        .collect();
    let card_value = |u: f32, v: f32| -> Option<f32> {
        if u < 0.0 || v < 0.0 || u >= card_w || v >= card_h {
            return None;
        }
        let (cu, cv) = (u - code_x0, (v - code_y0) / code.cell_h);
        if cu >= 0.0 && cv >= 0.0 && cu < code_w && cv < code.rows as f32 {
            let dark = code.dark[cv as usize * code.cols + cu as usize];
            return Some(if dark { ink } else { paper });
        }
        if words.iter().any(|&(x0, y0, x1, y1)| u >= x0 && u < x1 && v >= y0 && v < y1) {
            return Some(ink + 20.0);
        }
        Some(paper)
    };
    // Only pixels inside the card's bounding box need the 3×3 supersampled lookup.
    let corners = [(0.0, 0.0), (card_w, 0.0), (0.0, card_h), (card_w, card_h)].map(|(u, v)| forward.apply(u, v));
    let bx0 = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min).max(0.0) as usize;
    let by0 = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min).max(0.0) as usize;
    let bx1 = (corners.iter().map(|c| c.0).fold(f32::MIN, f32::max).ceil() as usize + 1).min(width);
    let by1 = (corners.iter().map(|c| c.1).fold(f32::MIN, f32::max).ceil() as usize + 1).min(height);
    for y in by0..by1 {
        for x in bx0..bx1 {
            let (mut sum, mut hits) = (0.0, 0);
            for sy in 0..3 {
                for sx in 0..3 {
                    let (u, v) = inverse.apply(x as f32 + (sx as f32 + 0.5) / 3.0, y as f32 + (sy as f32 + 0.5) / 3.0);
                    if let Some(val) = card_value(u, v) {
                        sum += val;
                        hits += 1;
                    }
                }
            }
            if hits > 0 {
                let bg = img[y * width + x];
                img[y * width + x] = (sum + bg * (9 - hits) as f32) / 9.0;
            }
        }
    }

    let luma = finish(img, &mut rng, d, width, height);
    Frame { width, height, luma, kind, expected, angle_deg: angle }
}

/// A frame with no code at all: the same clutter, light, blur and noise.
pub fn render_empty(seed: u64, width: usize, height: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0xE);
    let img = background(&mut rng, width, height);
    finish(img, &mut rng, Distortion::TILTED, width, height)
}

/// A gradient with a few flat "furniture" blocks.
fn background(rng: &mut Rng, width: usize, height: usize) -> Vec<f32> {
    let mut img = vec![0f32; width * height];
    let (g0, g1) = (rng.range(60.0, 140.0), rng.range(90.0, 200.0));
    for y in 0..height {
        for x in 0..width {
            img[y * width + x] = g0 + (g1 - g0) * (x as f32 / width as f32 * 0.6 + y as f32 / height as f32 * 0.4);
        }
    }
    for _ in 0..4 {
        let (x0, y0) = (rng.range(0.0, width as f32) as usize, rng.range(0.0, height as f32) as usize);
        let (w, h) = (rng.range(80.0, 400.0) as usize, rng.range(60.0, 300.0) as usize);
        let v = rng.range(20.0, 230.0);
        for y in y0..(y0 + h).min(height) {
            for x in x0..(x0 + w).min(width) {
                img[y * width + x] = v;
            }
        }
    }
    img
}

/// Hall lighting, defocus and sensor noise.
fn finish(mut img: Vec<f32>, rng: &mut Rng, d: Distortion, width: usize, height: usize) -> Vec<u8> {
    // Uneven light: a linear falloff across the frame in a random direction.
    let falloff = rng.range(d.light_falloff.0, d.light_falloff.1);
    let dir = rng.range(0.0, std::f32::consts::TAU);
    let (dx, dy) = (dir.cos(), dir.sin());
    let diag = ((width * width + height * height) as f32).sqrt();
    for y in 0..height {
        for x in 0..width {
            let t = ((x as f32 - width as f32 / 2.0) * dx + (y as f32 - height as f32 / 2.0) * dy) / diag + 0.5;
            img[y * width + x] *= 1.0 - falloff * t.clamp(0.0, 1.0);
        }
    }

    let sigma = rng.range(d.blur_sigma.0, d.blur_sigma.1);
    gaussian_blur(&mut img, width, height, sigma);
    let noise = rng.range(d.noise_sigma.0, d.noise_sigma.1);
    let luma = img.iter().map(|&v| (v + noise * rng.gauss()).round().clamp(0.0, 255.0) as u8).collect();
    luma
}

fn gaussian_blur(img: &mut [f32], w: usize, h: usize, sigma: f32) {
    if sigma <= 0.0 {
        return;
    }
    let r = (3.0 * sigma).ceil() as isize;
    let kernel: Vec<f32> = (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp()).collect();
    let total: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / total).collect();
    let mut tmp = vec![0f32; img.len()];
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for (k, kv) in kernel.iter().enumerate() {
                let xx = (x as isize + k as isize - r).clamp(0, w as isize - 1) as usize;
                acc += img[y * w + xx] * kv;
            }
            tmp[y * w + x] = acc;
        }
    }
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for (k, kv) in kernel.iter().enumerate() {
                let yy = (y as isize + k as isize - r).clamp(0, h as isize - 1) as usize;
                acc += tmp[yy * w + x] * kv;
            }
            img[y * w + x] = acc;
        }
    }
}
