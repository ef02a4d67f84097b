//! The `leadtrack` binary as a script sees it: arguments and stdin in, JSON and an exit code out.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `leadtrack` with `args`, feeding `stdin` (or nothing), and returns what it did.
fn leadtrack(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadtrack"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // A child that exits early closes its stdin; the assertions on its output say why.
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A QR code of `text`, 6 px per module with a quiet zone, as PNG bytes.
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (n, scale, margin) = (code.width(), 6, 4);
    let side = (n + 2 * margin) * scale;
    let colors = code.to_colors();
    let mut luma = vec![255u8; side * side];
    for y in 0..n * scale {
        for x in 0..n * scale {
            if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark {
                luma[(margin * scale + y) * side + margin * scale + x] = 0;
            }
        }
    }
    let img = image::GrayImage::from_raw(side as u32, side as u32, luma).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

const MECARD: &str = "MECARD:N:Doe,Jane;ORG:Acme GmbH;EMAIL:jane@acme.example;UID:A-10042;;";

/// Columns in an order no guess would find: id, company, email, last name, first name.
const PROFILE: &str = r#"{
  "name": "CLI Test Show",
  "delimiter": "^",
  "fields": ["id", "company", "email", "last_name", "first_name"]
}"#;
const CARET_BADGE: &str = "000123^Acme GmbH^jane@acme.example^Doe^Jane";

#[test]
fn a_mecard_argument_prints_the_contact_as_pretty_json() {
    let out = leadtrack(&["badge", "parse", MECARD], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["format"], "mecard");
    assert_eq!(v["fields"]["first_name"], "Jane");
    assert_eq!(v["fields"]["last_name"], "Doe");
    assert_eq!(v["fields"]["email"], "jane@acme.example");
    assert_eq!(v["raw"], MECARD);
    assert!(v["warnings"].is_array());
    assert!(v.get("attendee_id").is_some());
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 1, "pretty by default");
}

#[test]
fn compact_prints_one_line() {
    let out = leadtrack(&["badge", "parse", "--compact", MECARD], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end().lines().count(), 1);
    assert_eq!(json(&out)["format"], "mecard");
}

#[test]
fn a_multi_line_vcard_is_read_from_stdin_exactly() {
    let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme GmbH\r\n\
                 EMAIL:jane@acme.example\r\nEND:VCARD\r\n";
    let out = leadtrack(&["badge", "parse", "-"], Some(vcard.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["format"], "vcard");
    assert_eq!(v["fields"]["name"], "Jane Doe");
    assert_eq!(v["fields"]["company"], "Acme GmbH");
    assert_eq!(v["fields"]["email"], "jane@acme.example");
    assert_eq!(v["raw"], vcard, "raw keeps every byte, line breaks included");
}

#[test]
fn a_profile_file_sets_the_column_order() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write(dir.path(), "show.json", PROFILE.as_bytes());

    let with = leadtrack(&["badge", "parse", "--profile", &profile, CARET_BADGE], None);
    assert!(with.status.success(), "{}", stderr(&with));
    let with = json(&with);
    assert_eq!(with["format"], "delimited");
    assert_eq!(with["fields"]["first_name"], "Jane");
    assert_eq!(with["fields"]["last_name"], "Doe");
    assert_eq!(with["fields"]["company"], "Acme GmbH");
    assert_eq!(with["fields"]["email"], "jane@acme.example");

    let without = json(&leadtrack(&["badge", "parse", CARET_BADGE], None));
    assert_ne!(without["fields"], with["fields"], "the profile changed the reading");
    assert_eq!(without["raw"], with["raw"]);
}

#[test]
fn a_bad_profile_exits_2_with_one_line_naming_the_file_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json").to_str().unwrap().to_owned();
    let cases = [
        (missing.clone(), "missing.json", "No such file"),
        (write(dir.path(), "notjson.json", b"{ this is not json"), "notjson.json", "not valid JSON"),
        (write(dir.path(), "invalid.json", br#"{"name": "X", "delimiter": "^"}"#), "invalid.json", "\"fields\""),
        (write(dir.path(), "typo.json", br#"{"name": "X", "delimitter": "^"}"#), "typo.json", "delimitter"),
    ];
    for (path, name, problem) in cases {
        let out = leadtrack(&["badge", "parse", "--profile", &path, MECARD], None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(err.contains(name) && err.contains(problem), "{name}: {err}");
        assert!(!err.contains("panicked") && !err.contains("Error {"), "{name}: {err}");
    }
    let out = leadtrack(&["badge", "scan", "--profile", &missing, "whatever.png"], None);
    assert_eq!(out.status.code(), Some(2), "scan checks the profile first: {}", stderr(&out));
}

#[test]
fn scanning_a_qr_badge_photo_prints_its_payload_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let png = write(dir.path(), "badge.png", &qr_png(MECARD));
    let out = leadtrack(&["badge", "scan", &png], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    let images = v.as_array().unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0]["image"], png.as_str());
    assert_eq!(images[0]["error"], Value::Null);
    let symbols = images[0]["symbols"].as_array().unwrap();
    assert_eq!(symbols.len(), 1);
    assert_eq!(symbols[0]["symbology"], "qr");
    assert_eq!(symbols[0]["text"], MECARD);
    assert_eq!(symbols[0]["parsed"]["format"], "mecard");
    assert_eq!(symbols[0]["parsed"]["fields"]["email"], "jane@acme.example");
}

#[test]
fn scanning_uses_the_profile_too() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write(dir.path(), "show.json", PROFILE.as_bytes());
    let png = write(dir.path(), "badge.png", &qr_png(CARET_BADGE));
    let out = leadtrack(&["badge", "scan", "--compact", "--profile", &profile, &png], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)[0]["symbols"][0]["parsed"]["fields"]["first_name"], "Jane");
}

#[test]
fn a_text_file_named_png_is_reported_and_exits_1_after_every_result_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let fake = write(dir.path(), "fake.png", b"this is not an image\n");
    let real = write(dir.path(), "badge.png", &qr_png(MECARD));
    let missing = dir.path().join("gone.png").to_str().unwrap().to_owned();
    let out = leadtrack(&["badge", "scan", &fake, &real, &missing], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    let images = v.as_array().unwrap();
    assert_eq!(images.len(), 3, "every image gets its result");
    assert!(images[0]["error"].as_str().unwrap().contains("not a readable PNG or JPEG"), "{}", images[0]);
    assert_eq!(images[0]["symbols"], serde_json::json!([]));
    assert_eq!(images[1]["error"], Value::Null);
    assert_eq!(images[1]["symbols"][0]["text"], MECARD);
    assert!(images[2]["error"].as_str().unwrap().contains("cannot read"), "{}", images[2]);
    let err = stderr(&out);
    assert!(err.contains("fake.png") && err.contains("gone.png") && !err.contains("panicked"), "{err}");
}

#[test]
fn an_image_with_no_code_succeeds_unless_a_code_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    let blank = write(dir.path(), "blank.png", &bytes.into_inner());

    let out = leadtrack(&["badge", "scan", &blank], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)[0]["symbols"], serde_json::json!([]));
    assert_eq!(json(&out)[0]["error"], Value::Null);

    let out = leadtrack(&["badge", "scan", "--require-code", &blank], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)[0]["symbols"], serde_json::json!([]));
}

#[test]
fn hostile_payloads_exit_0_with_the_raw_payload_kept() {
    let big = "A".repeat(50 * 1024) + &"^x".repeat(25 * 1024);
    let controls = "REG\u{0}-1\u{7}2\u{1b}[31m3\u{202e}\r\n\u{7f}end";
    let markup = "<script>alert(1)</script><img src=x onerror=alert(2)>'; DROP TABLE leads;--";
    for payload in [big.as_str(), controls, markup] {
        let out = leadtrack(&["badge", "parse", "--compact", "-"], Some(payload.as_bytes()));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(json(&out)["raw"], payload);
    }
    let out = leadtrack(&["badge", "parse", markup], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["raw"], markup);
}

#[test]
fn binary_on_stdin_is_kept_escaped_not_refused() {
    let out = leadtrack(&["badge", "parse", "-"], Some(&[0, 159, 146, 150, 255, 0]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["format"], "unknown");
    assert_eq!(v["raw"], "\\x00\\x9f\\x92\\x96\\xff\\x00");
}

#[test]
fn version_and_help_describe_the_tool() {
    let out = leadtrack(&["--version"], None);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("leadtrack {}", env!("CARGO_PKG_VERSION")));

    let out = leadtrack(&["help"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Usage: leadtrack") && text.contains("badge"), "{text}");

    let out = leadtrack(&["help", "badge", "scan"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--require-code"));
}

#[test]
fn a_missing_payload_is_a_usage_error_not_a_panic() {
    let out = leadtrack(&["badge", "parse"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("Usage:") && !err.contains("panicked"), "{err}");
}
