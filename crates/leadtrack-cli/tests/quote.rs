//! `leadtrack quote estimate` as a script sees it: JSON on stdout, one line on stderr and
//! exit code 2 when the input is wrong.

use std::process::{Command, Output};

use leadtrack_domain::Role;
use leadtrack_store::Store;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/pricebooks/sample-pricebook.csv");

fn leadtrack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadtrack")).args(args).env_remove("LEADTRACK_DATA_DIR").output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn estimate_from_a_pricebook_file_prints_the_ranges_and_lead_time_as_json() {
    let out = leadtrack(&[
        "quote",
        "estimate",
        "--pricebook",
        SAMPLE,
        "--product",
        "MUG-350",
        "--qty",
        "2500",
        "--option",
        "PRINT1",
        "--ship",
        "Sea",
        "--to",
        "EU",
    ]);
    let v = json(&out);
    // 2000+ tier 1.75–2.30, print +0.08–0.15
    assert_eq!(v["lines"][0]["unit_low"], 183);
    assert_eq!(v["lines"][0]["unit_high"], 245);
    assert_eq!(v["total_low"], 2500 * 183);
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["text"]["total"], "USD 4575.00–6125.00");
    // ⌈2500 / 2000⌉ = 2 days + 5 processing + 28–40 by sea
    assert_eq!(v["lead_days"], serde_json::json!({ "min": 35, "max": 47 }));
    assert_eq!(v["text"]["lead_time"], "35–47 days");
}

#[test]
fn a_refused_quantity_or_unknown_product_is_one_line_on_stderr_with_exit_2() {
    for (args, needle) in [
        (&["--product", "BTL-500", "--qty", "10"][..], "minimum order of 1000"),
        (&["--product", "NOPE", "--qty", "10"][..], "No product NOPE"),
        (&["--product", "MUG-350", "--qty", "10", "--option", "GOLD"][..], "no option GOLD"),
    ] {
        let mut all = vec!["quote", "estimate", "--pricebook", SAMPLE];
        all.extend_from_slice(args);
        let out = leadtrack(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle) && err.lines().count() == 1, "{args:?}: {err}");
    }
}

#[test]
fn a_broken_pricebook_file_names_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pb.csv");
    std::fs::write(&file, "type,sku,name,currency,capacity_per_day,min_qty,low,high\npricebook,,X,USD,,,,\nproduct,A,A,,1,,,\ntier,A,,,,1,5,4\n").unwrap();
    let out = leadtrack(&["quote", "estimate", "--pricebook", file.to_str().unwrap(), "--product", "A", "--qty", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("row 4: unit_high is below unit_low"));
}

#[test]
fn estimate_reads_the_apps_newest_pricebook_read_only_beside_the_running_app() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let manager = store.create_user("Mina", "", Role::Manager).unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let rows: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    let (pb, _) = leadtrack_domain::pricebook_import::from_rows(
        &rows[0],
        rows[1..].iter().enumerate().map(|(i, r)| (i as u32 + 2, r.as_slice())),
    );
    let v1 = store.save_pricebook(None, pb.unwrap(), &manager.id).unwrap();
    let mut mug = v1.product("MUG-350").unwrap().clone();
    mug.tiers[0].unit_low = 199;
    store.update_pricebook_product(&v1.id, mug, &manager.id).unwrap();

    let data = dir.path().to_str().unwrap();
    let v = json(&leadtrack(&["quote", "estimate", "--data-dir", data, "--product", "MUG-350", "--qty", "600"]));
    assert_eq!(v["pricebook"]["version"], 2);
    assert_eq!(v["lines"][0]["unit_low"], 199);
    assert_eq!(v["warnings"][0]["code"], "no_shipping");

    let empty = tempfile::tempdir().unwrap();
    Store::open(empty.path()).unwrap();
    let out =
        leadtrack(&["quote", "estimate", "--data-dir", empty.path().to_str().unwrap(), "--product", "X", "--qty", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pricebook yet"));
    drop(store);
}

#[test]
fn pdf_renders_a_saved_quote_from_the_data_folder_into_a_file() {
    use leadtrack_domain::quote::{EstimateRequest, LineRequest, QuoteInput};
    use leadtrack_domain::{CaptureForm, EventInput, LeadInput};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let manager = store.create_user("Mina", "mina@example.com", Role::Manager).unwrap();
    let event = store
        .create_event(EventInput {
            tag: "CANTON".into(),
            name: "Canton Fair".into(),
            starts_on: "2026-04-15".into(),
            ends_on: "2026-04-19".into(),
            booth: "A1".into(),
            country: "CN".into(),
            form: CaptureForm { required: vec![], ..CaptureForm::default() },
        })
        .unwrap();
    let lead = store
        .create_lead(
            LeadInput {
                event_id: event.id, name: "王伟".into(), company: "华强照明".into(), ..LeadInput::default()
            },
            &manager.id,
        )
        .unwrap();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let rows: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    let (pb, _) = leadtrack_domain::pricebook_import::from_rows(
        &rows[0],
        rows[1..].iter().enumerate().map(|(i, r)| (i as u32 + 2, r.as_slice())),
    );
    let pb = store.save_pricebook(None, pb.unwrap(), &manager.id).unwrap();
    let quote = store
        .save_quote(
            QuoteInput {
                lead_id: lead.id,
                pricebook_id: pb.id,
                pricebook_version: pb.version,
                request: EstimateRequest {
                    lines: vec![LineRequest { sku: "MUG-350".into(), qty: 2500, ..Default::default() }],
                    ..Default::default()
                },
                valid_until: Some("2026-12-31".into()),
                notes: String::new(),
                promo_code: "CANTON26".into(),
            },
            &manager.id,
        )
        .unwrap();
    let out = dir.path().join("quote.pdf");
    let run = leadtrack(&[
        "quote",
        "pdf",
        &quote.id,
        "-o",
        out.to_str().unwrap(),
        "--data-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // With poppler installed, the handout's text reads back (Chinese included).
    if let Ok(text) = Command::new("pdftotext").args([out.to_str().unwrap(), "-"]).output() {
        let text = String::from_utf8_lossy(&text.stdout);
        for want in ["王伟", "华强照明", "4,375.00–5,750.00", "USD 1.75–2.30", "CANTON26", "Mina"] {
            assert!(text.contains(want), "{want} not in {text}");
        }
    }

    // Once a manager sets the branding in the app, the handout carries its name and logo.
    let mut logo = Vec::new();
    image::RgbImage::from_fn(320, 100, |x, _| image::Rgb([(x % 256) as u8, 40, 160]))
        .write_to(&mut std::io::Cursor::new(&mut logo), image::ImageFormat::Png)
        .unwrap();
    store
        .set_branding(
            leadtrack_store::BrandingInput {
                company_name: "Lumen Export Co".into(),
                primary_color: "#0B5CAD".into(),
                accent_color: "#e8590c".into(),
                logo: Some(logo),
            },
            &manager.id,
        )
        .unwrap();
    let branded = dir.path().join("branded.pdf");
    let args = ["quote", "pdf", &quote.id, "-o", branded.to_str().unwrap(), "--data-dir", dir.path().to_str().unwrap()];
    let run = leadtrack(&args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let unbranded = std::fs::read(&out).unwrap();
    assert!(std::fs::read(&branded).unwrap().len() > unbranded.len(), "the logo adds an image");
    if let Ok(list) = Command::new("pdfimages").args(["-list", branded.to_str().unwrap()]).output() {
        let list = String::from_utf8_lossy(&list.stdout);
        assert!(list.lines().skip(2).any(|l| l.contains(" 320 ") && l.contains(" 100 ")), "no 320×100 logo: {list}");
    }

    let missing =
        leadtrack(&["quote", "pdf", "nope", "-o", out.to_str().unwrap(), "--data-dir", dir.path().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no quote with id nope"));
}
