//! Decode-rate and timing figures for `leadtrack-scan`, as one flat JSON object on stdout.
//!
//! ```sh
//! cargo run --release -p leadtrack-scan --example scan_bench            # full run, ~1 min
//! cargo run --release -p leadtrack-scan --example scan_bench -- --quick # fewer frames and reps
//! ```
//! Options: `--out FILE` also writes the JSON there; `--quick`. The corpus is read from
//! `LEADTRACK_QR_CORPUS`, else `../shared/qr-corpus` beside the workspace; without it the corpus
//! keys are left out. A human-readable breakdown (what each cascade step bought, per-symbology
//! times) goes to stderr. `zbar_corpus_decode_pct` appears only when `zbarimg` is on PATH.
//!
//! Timing: one thread, one decode after another. Corpus times are per image and include
//! decoding the PNG/JPEG bytes (the API takes file bytes); each image gets one warm-up and
//! `reps` timed runs, and the per-image median is taken before the median across images.
//! Frame times are for `decode_luma` on synthetic 1280×720 frames (see `tests/support/synth.rs`).

#[path = "../tests/support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use leadtrack_scan::{bench, decode_luma, Symbol};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let (reps, seeds, empties) = if quick { (1, 12, 6) } else { (5, 50, 20) };

    let mut json: BTreeMap<&str, f64> = BTreeMap::new();
    let corpus = corpus_dir();
    if corpus.is_dir() {
        corpus_figures(&corpus, reps, &mut json);
    } else {
        eprintln!("SKIPPED corpus figures: QR corpus not found at {}", corpus.display());
    }
    frame_figures(seeds, empties, reps.min(3), &mut json);

    let body = json.iter().map(|(k, v)| format!("  \"{k}\": {}", round(*v))).collect::<Vec<_>>().join(",\n");
    let text = format!("{{\n{body}\n}}\n");
    print!("{text}");
    if let Some(path) = out {
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }
}

fn round(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("LEADTRACK_QR_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/qr-corpus"),
    }
}

fn norm(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_owned()
}

/// Every image with its expected text, in a stable order.
fn corpus_items(root: &Path) -> Vec<(String, Vec<u8>, String)> {
    let mut items = Vec::new();
    let mut sets: Vec<PathBuf> = std::fs::read_dir(root).into_iter().flatten().flatten().map(|e| e.path()).collect();
    sets.retain(|p| p.is_dir());
    sets.sort();
    for set in sets {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&set).into_iter().flatten().flatten().map(|e| e.path()).collect();
        files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("png" | "jpg" | "jpeg")));
        files.sort();
        for file in files {
            let (Ok(bytes), Ok(expected)) = (std::fs::read(&file), std::fs::read_to_string(file.with_extension("txt")))
            else {
                continue;
            };
            let name = format!(
                "{}/{}",
                set.file_name().unwrap().to_string_lossy(),
                file.file_name().unwrap().to_string_lossy()
            );
            items.push((name, bytes, norm(&expected)));
        }
    }
    items
}

fn reads(found: &[Symbol], expected: &str) -> bool {
    found.iter().any(|s| norm(&s.text) == expected)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_ms<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64() * 1e3)
}

fn corpus_figures(root: &Path, reps: usize, json: &mut BTreeMap<&str, f64>) {
    let items = corpus_items(root);
    let n = items.len() as f64;
    let (mut ours, mut rx, mut rq) = (0, 0, 0);
    let mut steps: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut times = Vec::new();
    let mut misses = Vec::new();
    for (name, bytes, expected) in &items {
        let (found, step) = bench::decode_image_traced(bytes).unwrap_or_default();
        let mut per_image: Vec<f64> = (0..reps).map(|_| time_ms(|| leadtrack_scan::decode_image(bytes)).1).collect();
        per_image.sort_by(f64::total_cmp);
        times.push(per_image[per_image.len() / 2]);
        if reads(&found, expected) {
            ours += 1;
            *steps.entry(step).or_default() += 1;
            if step != "rxing" {
                eprintln!("corpus: {name} first read by step {step}");
            }
        } else {
            misses.push(name.clone());
        }
        rx += reads(&bench::rxing_only(bytes).unwrap_or_default(), expected) as usize;
        rq += reads(&bench::rqrr_only(bytes).unwrap_or_default(), expected) as usize;
    }
    eprintln!("corpus: {ours}/{} read; first read by step: {steps:?}", items.len());
    eprintln!("corpus misses: {misses:?}");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    eprintln!(
        "corpus ms/image: median {:.2}, p95 {:.2}, max {:.2}",
        median(times.clone()),
        sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)],
        sorted[sorted.len() - 1]
    );
    json.insert("corpus_images", n);
    json.insert("corpus_decoded", ours as f64);
    json.insert("corpus_decode_pct", 100.0 * ours as f64 / n);
    json.insert("corpus_decode_rxing_pct", 100.0 * rx as f64 / n);
    json.insert("corpus_decode_rqrr_pct", 100.0 * rq as f64 / n);
    json.insert("corpus_image_median_ms", median(times));
    if let Some(pct) = zbar_pct(root, &items) {
        json.insert("zbar_corpus_decode_pct", pct);
    }
}

/// zbarimg, QR only, as in the reference bench; `None` when it isn't installed.
fn zbar_pct(root: &Path, items: &[(String, Vec<u8>, String)]) -> Option<f64> {
    Command::new("zbarimg").arg("--version").output().ok()?;
    let ok = items
        .iter()
        .filter(|(name, _, expected)| {
            let out = Command::new("zbarimg")
                .args(["-q", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable"])
                .arg(root.join(name))
                .output();
            out.map(|o| norm(&String::from_utf8_lossy(&o.stdout)) == *expected).unwrap_or(false)
        })
        .count();
    Some(100.0 * ok as f64 / items.len() as f64)
}

fn frame_figures(seeds: u64, empties: u64, reps: usize, json: &mut BTreeMap<&str, f64>) {
    let (w, h) = (1280, 720);
    let mut all_times = Vec::new();
    for kind in synth::Kind::ALL {
        let (mut ok, mut rx_ok, mut times, mut misses) = (0, 0, Vec::new(), Vec::new());
        let mut steps: BTreeMap<&'static str, usize> = BTreeMap::new();
        for seed in 0..seeds {
            let frame = synth::render(kind, seed, synth::Distortion::TILTED, w, h);
            let (found, step) = bench::decode_luma_traced(w as u32, h as u32, &frame.luma);
            let mut t: Vec<f64> =
                (0..reps).map(|_| time_ms(|| decode_luma(w as u32, h as u32, &frame.luma)).1).collect();
            t.sort_by(f64::total_cmp);
            times.push(t[t.len() / 2]);
            if found.iter().any(|s| s.text == frame.expected) {
                ok += 1;
                *steps.entry(step).or_default() += 1;
            } else {
                misses.push(format!("seed {seed} at {:.0}°", frame.angle_deg));
            }
            let rx = bench::rxing_only_luma(w as u32, h as u32, &frame.luma);
            rx_ok += rx.iter().any(|s| s.text == frame.expected) as usize;
        }
        let pct = 100.0 * ok as f64 / seeds as f64;
        eprintln!(
            "tilted {}: {ok}/{seeds} read (rxing alone on the whole frame: {rx_ok}), median {:.2} ms; \
             first read by step {steps:?}; misses {misses:?}",
            kind.name(),
            median(times.clone())
        );
        let (rate_key, rx_key, time_key) = match kind {
            synth::Kind::Qr => ("tilted_qr_decode_pct", "tilted_qr_rxing_only_pct", "tilted_qr_median_ms"),
            synth::Kind::Pdf417 => {
                ("tilted_pdf417_decode_pct", "tilted_pdf417_rxing_only_pct", "tilted_pdf417_median_ms")
            }
            synth::Kind::Code128 => {
                ("tilted_code128_decode_pct", "tilted_code128_rxing_only_pct", "tilted_code128_median_ms")
            }
        };
        json.insert(rate_key, pct);
        json.insert(rx_key, 100.0 * rx_ok as f64 / seeds as f64);
        json.insert(time_key, median(times.clone()));
        all_times.extend(times);
    }
    json.insert("frame_1280x720_median_ms", median(all_times));
    let empty_times: Vec<f64> = (0..empties)
        .map(|seed| {
            let luma = synth::render_empty(seed, w, h);
            let mut t: Vec<f64> = (0..reps).map(|_| time_ms(|| decode_luma(w as u32, h as u32, &luma)).1).collect();
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect();
    eprintln!("empty frames: median {:.2} ms", median(empty_times.clone()));
    json.insert("frame_empty_1280x720_median_ms", median(empty_times));
}
