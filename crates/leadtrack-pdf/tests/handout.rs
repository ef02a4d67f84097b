//! The handout as a reader sees it: text extracted with poppler's `pdftotext`, structure checked
//! with `qpdf --check`, page size with `pdfinfo`, the QR code rasterized with `pdftoppm` and
//! decoded with leadtrack-scan. Without those tools the tests say so and pass, unless
//! `LEADTRACK_REQUIRE_PDF_TOOLS=1` (CI) makes a missing tool a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use leadtrack_pdf::{
    render_quote_handout, Branding, HandoutLabels, HandoutLine, Paper, QrMatrix, QuoteHandout, RepContact,
};

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Fischer\r\nORG:Acme Packaging\r\n\
TEL:+49 30 1234567\r\nEMAIL:lena@acme.example\r\nEND:VCARD";

fn line(product: &str, qty: &str, unit: &str, total: &str, lead: &str) -> HandoutLine {
    HandoutLine {
        product: product.into(),
        qty_text: qty.into(),
        unit_range_text: unit.into(),
        total_range_text: total.into(),
        lead_time_text: lead.into(),
    }
}

fn quote(visitor_name: &str, visitor_company: &str) -> QuoteHandout {
    QuoteHandout {
        paper: Paper::A4,
        branding: Branding {
            company_name: "Acme Packaging GmbH".into(),
            logo_png: None,
            primary_color: [0x0b, 0x5c, 0xad],
            accent_color: None,
        },
        visitor_name: visitor_name.into(),
        visitor_company: visitor_company.into(),
        show_name: "Canton Fair 2026 · Hall 9.2".into(),
        quote_id: "Q-2026-0042".into(),
        created_on: "23 Nov 2026".into(),
        lines: vec![
            line(
                "Kraft mailer box 30×20×10 cm, 2-colour print",
                "5,000 pcs",
                "$0.42 – $0.51",
                "$2,100 – $2,550",
                "18–24 days",
            ),
            line("Moulded pulp insert, custom cavity", "5,000 pcs", "$0.18 – $0.24", "$900 – $1,200", "25–32 days"),
            line("Tissue paper with logo", "10,000 sheets", "$0.05 – $0.07", "$500 – $700", "12–15 days"),
        ],
        total_range_text: "$3,500 – $4,450".into(),
        lead_time_text: "25–32 days".into(),
        valid_until_text: "23 Dec 2026".into(),
        notes: "Prices FOB Shenzhen. Samples in 7 days after artwork approval.".into(),
        promo_code: Some("CANTON26-LF".into()),
        rep: RepContact {
            name: "Lena Fischer".into(),
            title: "Key Account Manager".into(),
            email: "lena@acme.example".into(),
            phone: "+49 30 1234567".into(),
        },
        qr_payload: VCARD.into(),
        disclaimer: "Ballpark estimate for discussion at the show, not an offer. Final prices \
depend on artwork, materials and freight at the time of order."
            .into(),
        labels: HandoutLabels::english(),
        rtl: false,
    }
}

/// Whether the poppler/qpdf tools are here; without them a test returns early (and says so),
/// unless CI requires them.
fn tools(names: &[&str]) -> bool {
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| Command::new(n).arg("-v").output().is_err() && Command::new(n).arg("--version").output().is_err())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("LEADTRACK_REQUIRE_PDF_TOOLS").as_deref() == Ok("1") {
        panic!("LEADTRACK_REQUIRE_PDF_TOOLS=1 but {missing:?} are missing (apt: poppler-utils qpdf)");
    }
    eprintln!("SKIPPED: {missing:?} not installed (apt: poppler-utils qpdf)");
    false
}

/// Writes a PDF for the tools; with `LEADTRACK_PDF_KEEP=<dir>` also keeps a copy there to look at.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Ok(keep) = std::env::var("LEADTRACK_PDF_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), bytes).unwrap();
    }
    path
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn text_of(pdf: &Path) -> String {
    run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

/// Whitespace-insensitive text: pdftotext breaks wrapped cells into lines, and marks
/// right-to-left runs with embedding characters (U+202B … U+202C) that are not part of the text.
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn persian_labels() -> HandoutLabels {
    HandoutLabels {
        title: "پیش‌فاکتور".into(),
        quote_no: "شماره".into(),
        date: "تاریخ".into(),
        prepared_for: "تهیه‌شده برای".into(),
        show: "نمایشگاه".into(),
        price_range: "جمع تخمینی".into(),
        lead_time: "زمان تحویل".into(),
        valid_until: "معتبر تا".into(),
        product: "محصول".into(),
        quantity: "تعداد".into(),
        unit_price: "قیمت واحد".into(),
        line_total: "بازه قیمت".into(),
        notes: "یادداشت".into(),
        promo_code: "کد تخفیف نمایشگاه".into(),
        promo_hint: "هنگام سفارش این کد را بگویید".into(),
        your_contact: "تماس شما".into(),
        email: "ایمیل".into(),
        phone: "تلفن".into(),
        qr_caption: "برای ذخیره تماس اسکن کنید".into(),
        page: "صفحه".into(),
    }
}

/// A small PNG logo: a blue rounded-ish block with a white bar.
fn logo_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(240, 80, |x, y| {
        if (20..60).contains(&y) && (20..220).contains(&x) && !(36..44).contains(&y) {
            image::Rgba([0x0b, 0x5c, 0xad, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn render(dir: &Path, name: &str, q: &QuoteHandout) -> PathBuf {
    write(dir, name, &render_quote_handout(q).unwrap())
}

#[test]
fn pdftotext_returns_the_chinese_visitor_lines_totals_and_promo_code() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let q = quote("王伟", "深圳市华强电子有限公司");
    let text = normalized(&text_of(&render(dir.path(), "zh.pdf", &q)));
    let mut expected = vec![
        "王伟".to_string(),
        "深圳市华强电子有限公司".into(),
        q.total_range_text.clone(),
        q.lead_time_text.clone(),
        q.promo_code.clone().unwrap(),
        q.valid_until_text.clone(),
        q.rep.name.clone(),
        q.rep.email.clone(),
        q.rep.phone.clone(),
        q.notes.clone(),
        q.quote_id.clone(),
    ];
    for l in &q.lines {
        expected.extend([
            l.product.clone(),
            l.qty_text.clone(),
            l.unit_range_text.clone(),
            l.total_range_text.clone(),
            l.lead_time_text.clone(),
        ]);
    }
    for want in expected {
        assert!(text.contains(&normalized(&want)), "{want:?} missing from:\n{text}");
    }
}

#[test]
fn pdftotext_returns_a_persian_name_in_logical_order() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let q = quote("سارا احمدی", "شرکت بازرگانی پارس");
    let text = normalized(&text_of(&render(dir.path(), "fa.pdf", &q)));
    assert!(text.contains("سارا احمدی"), "{text}");
    assert!(text.contains("شرکت بازرگانی پارس"), "{text}");
}

#[test]
fn a_right_to_left_handout_keeps_persian_labels_and_latin_figures_readable() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("سارا احمدی", "شرکت بازرگانی پارس");
    q.labels = persian_labels();
    q.rtl = true;
    q.lines[0].product = "جعبه مقوایی ۳۰×۲۰×۱۰".into();
    let text = normalized(&text_of(&render(dir.path(), "fa-rtl.pdf", &q)));
    for want in ["سارا احمدی", "زمان تحویل", "کد تخفیف نمایشگاه", "جعبه مقوایی", "CANTON26-LF", "$3,500", "$4,450"]
    {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
}

#[test]
fn every_variant_passes_qpdf_check() {
    if !tools(&["qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut variants = vec![
        ("plain.pdf", quote("Lena Schmidt", "Müller & Söhne KG")),
        ("zh.pdf", quote("王伟", "深圳市华强电子有限公司")),
        ("fa.pdf", quote("سارا احمدی", "شرکت پارس")),
    ];
    let mut rtl = quote("سارا احمدی", "شرکت پارس");
    rtl.labels = persian_labels();
    rtl.rtl = true;
    rtl.branding.logo_png = Some(logo_png());
    variants.push(("rtl-logo.pdf", rtl));
    let mut bare = quote("", "");
    bare.lines.clear();
    bare.promo_code = None;
    bare.qr_payload.clear();
    bare.notes.clear();
    bare.paper = Paper::Letter;
    variants.push(("bare.pdf", bare));
    for (name, q) in variants {
        let path = render(dir.path(), name, &q);
        let out = run("qpdf", &["--check", path.to_str().unwrap()]);
        assert!(out.contains("No syntax or stream encoding errors"), "{name}: {out}");
    }
}

#[test]
fn a4_and_letter_pages_have_their_sizes() {
    if !tools(&["pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (paper, w, h, name) in [(Paper::A4, 595.28, 841.89, "(A4)"), (Paper::Letter, 612.0, 792.0, "(letter)")] {
        let mut q = quote("王伟", "深圳市华强电子有限公司");
        q.paper = paper;
        let info = run("pdfinfo", &[render(dir.path(), &format!("{paper:?}.pdf"), &q).to_str().unwrap()]);
        // "Page size:       595.28 x 841.89 pts (A4)"
        let size = info.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap_or_default();
        let nums: Vec<f32> = size.split_whitespace().filter_map(|t| t.parse().ok()).collect();
        assert!(nums.len() == 2 && (nums[0] - w).abs() < 0.1 && (nums[1] - h).abs() < 0.1, "{paper:?}: {size}");
        assert!(size.ends_with(name), "{paper:?}: {size}");
        assert!(info.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Pages:", "1"]), "{info}");
    }
}

#[test]
fn fonts_are_embedded_as_subsets_and_a_chinese_quote_stays_small() {
    if !tools(&["pdffonts"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let q = quote("王伟 / سارا احمدی", "深圳市华强电子有限公司");
    let bytes = render_quote_handout(&q).unwrap();
    // The CJK face alone is 4 MB; subset, the whole handout is a few tens of kilobytes.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let fonts = run("pdffonts", &[write(dir.path(), "fonts.pdf", &bytes).to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "Latin regular and bold, Arabic, CJK:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object gen
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "embedded, subset, ToUnicode: {row}");
    }
}

#[test]
fn the_printed_qr_code_decodes_back_to_the_payload() {
    if !tools(&["pdftoppm"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (rtl, name) in [(false, "qr-ltr"), (true, "qr-rtl")] {
        let mut q = quote("王伟", "深圳市华强电子有限公司");
        q.rtl = rtl;
        q.qr_payload = format!("https://acme.example/q/Q-2026-0042?promo=CANTON26-LF&rtl={rtl}");
        let pdf = render(dir.path(), &format!("{name}.pdf"), &q);
        let prefix = dir.path().join(name);
        run("pdftoppm", &["-png", "-r", "150", "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
        let png = std::fs::read(prefix.with_extension("png")).unwrap();
        let symbols = leadtrack_scan::decode_image(&png).unwrap();
        let texts: Vec<&str> = symbols.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, [q.qr_payload.as_str()], "{name}");
    }
}

#[test]
fn a_chinese_vcard_round_trips_through_the_printed_page() {
    if !tools(&["pdftoppm"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("Lena Schmidt", "Müller & Söhne KG");
    q.qr_payload = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王伟\r\nORG:深圳市华强电子有限公司\r\n\
TEL:+86 755 8888 0000\r\nEND:VCARD"
        .into();
    let pdf = render(dir.path(), "vcard.pdf", &q);
    let prefix = dir.path().join("vcard");
    run("pdftoppm", &["-png", "-r", "150", "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let symbols = leadtrack_scan::decode_image(&std::fs::read(prefix.with_extension("png")).unwrap()).unwrap();
    assert_eq!(symbols.len(), 1);
    assert_eq!(symbols[0].text, q.qr_payload);
}

/// A word pdftotext found: its text and box (points, from the top-left).
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// Every word of the document and the page size.
fn words(pdf: &Path) -> (Vec<Word>, f32, f32) {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).unwrap() + key.len();
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    let (mut w, mut h) = (0.0, 0.0);
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            (w, h) = (attr(line, "width"), attr(line, "height"));
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").to_string();
            let (x0, y0, x1, y1) = (attr(line, "xMin"), attr(line, "yMin"), attr(line, "xMax"), attr(line, "yMax"));
            out.push(Word { text, x0, y0, x1, y1 });
        }
    }
    (out, w, h)
}

#[test]
fn long_visitor_text_wraps_or_shrinks_and_never_leaves_the_page() {
    if !tools(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let long_latin = "Maximiliane Alexandra Friederike von Hohenzollern-Sigmaringen-Württemberg ".repeat(4);
    let long_cjk = "深圳市华强电子有限公司".repeat(12);
    let mut q = quote(&long_latin, &long_cjk);
    q.lines[0].product = format!("{} {}", "Pneumatischerhochleistungsverpackungsautomat".repeat(3), long_cjk);
    q.total_range_text = "US$1,234,567,890.00 – US$9,876,543,210.00".into();
    q.promo_code = Some("SUPERLONGPROMOCODE-2026-CANTON-FAIR-HALL-9".into());
    q.rep.name = "سارا احمدی ".repeat(10);
    q.notes = "Free text from the rep. ".repeat(80);
    for (paper, name) in [(Paper::A4, "long-a4.pdf"), (Paper::Letter, "long-letter.pdf")] {
        q.paper = paper;
        let pdf = render(dir.path(), name, &q);
        let (words, w, h) = words(&pdf);
        assert!(words.len() > 50, "{name}: only {} words", words.len());
        for Word { text, x0, y0, x1, y1 } in &words {
            assert!(
                *x0 >= 20.0 && *x1 <= w - 20.0 && *y0 >= 0.0 && *y1 <= h,
                "{name}: {text:?} at {x0},{y0}–{x1},{y1} leaves the {w}×{h} page"
            );
        }
    }
}

#[test]
fn a_long_quote_continues_on_numbered_pages_with_every_line() {
    if !tools(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("王伟", "深圳市华强电子有限公司");
    q.lines = (1..=60)
        .map(|i| {
            line(
                &format!("Product number {i} 产品"),
                &format!("{i}00 pcs"),
                "$1.00 – $1.20",
                &format!("${i}00 – ${i}20"),
                "20–30 days",
            )
        })
        .collect();
    let pdf = render(dir.path(), "long.pdf", &q);
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let text = normalized(&text_of(&pdf));
    for i in 1..=60 {
        assert!(text.contains(&format!("Product number {i} 产品")), "line {i} missing");
    }
    assert!(text.contains(&format!("Page 1 / {pages}")) && text.contains(&format!("Page {pages} / {pages}")), "{text}");
    // The contact block and QR end the last page only.
    assert_eq!(text.matches(&q.labels.your_contact).count(), 1);
}

#[test]
fn visitor_text_is_drawn_as_text_never_interpreted() {
    if !tools(&["pdftotext", "qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = "Eve) Tj ET BT /F0 99 Tf (<script>alert(1)</script>\n\r\t\u{202E}reversed\u{0}end";
    let q = quote(hostile, "%PDF-1.7 endobj trailer <<>>");
    let pdf = render(dir.path(), "hostile.pdf", &q);
    assert!(run("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream encoding errors"));
    let text = normalized(&text_of(&pdf));
    // Control characters (line breaks, NUL, the right-to-left override) became spaces; the rest
    // is printed as typed, in typed order.
    assert!(text.contains("Eve) Tj ET BT /F0 99 Tf (<script>alert(1)</script> reversed end"), "{text}");
    assert!(text.contains("%PDF-1.7 endobj trailer <<>>"), "{text}");
}

/// The page content streams, uncompressed by qpdf (`--qdf`), as text.
fn content_streams(dir: &Path, pdf: &Path) -> String {
    let qdf = dir.join("qdf.pdf");
    let out = Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(pdf).arg(&qdf).output().unwrap();
    // qpdf exits 3 for warnings; the file is still written.
    assert!(qdf.is_file(), "qpdf --qdf failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&std::fs::read(qdf).unwrap()).into_owned()
}

#[test]
fn the_logo_is_embedded_and_both_brand_colours_are_drawn() {
    if !tools(&["pdfimages", "qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("Anna Berg", "Nordlicht AB");
    q.promo_code = Some("FAIR26".into());
    // Colours whose components print exactly (0 or 1), so the operators are predictable.
    q.branding.primary_color = [0x00, 0xff, 0x00];
    q.branding.accent_color = Some([0xff, 0x00, 0xff]);
    let plain = render(dir.path(), "plain.pdf", &q);
    assert_eq!(run("pdfimages", &["-list", plain.to_str().unwrap()]).lines().count(), 2, "no image without a logo");

    q.branding.logo_png = Some(logo_png());
    let pdf = render(dir.path(), "logo.pdf", &q);
    assert!(run("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream encoding errors"));
    // `pdfimages -list`: two header lines, then one row per image (its soft mask is a row too).
    let list = run("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    let image = rows.iter().find(|r| r.split_whitespace().nth(2) == Some("image")).unwrap_or_else(|| panic!("{list}"));
    let cols: Vec<&str> = image.split_whitespace().collect();
    // The 240 × 80 logo is under the 640 × 200 cap: embedded at its own size.
    assert_eq!((cols[0], cols[3], cols[4]), ("1", "240", "80"), "{list}");
    assert!(rows.iter().any(|r| r.split_whitespace().nth(2) == Some("smask")), "transparency kept: {list}");

    let streams = content_streams(dir.path(), &pdf);
    assert!(streams.contains("0 1 0 rg"), "primary fill missing");
    assert!(streams.contains("1 0 1 rg"), "accent fill missing");
    assert!(streams.contains("1 0 1 RG"), "accent frame of the promo code missing");
}

#[test]
fn without_an_accent_the_handout_uses_the_primary_colour_throughout() {
    if !tools(&["qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("Anna Berg", "Nordlicht AB");
    q.promo_code = Some("FAIR26".into());
    q.branding.primary_color = [0x00, 0xff, 0x00];
    let streams = content_streams(dir.path(), &render(dir.path(), "one.pdf", &q));
    assert!(streams.contains("0 1 0 RG"), "the promo frame in the primary colour");
    assert!(!streams.contains("1 0 1 rg"));
}

#[test]
fn a_huge_logo_is_scaled_down_before_it_is_embedded() {
    let huge = image::RgbImage::from_fn(3000, 1000, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    huge.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let mut q = quote("王伟", "深圳市华强电子有限公司");
    q.branding.logo_png = Some(png.into_inner());
    let bytes = render_quote_handout(&q).unwrap();
    // 3000 × 1000 noisy pixels are ~9 MB raw; scaled to 600 × 200 they are at most 360 KB.
    assert!(bytes.len() < 500_000, "{} bytes", bytes.len());
}

#[test]
fn an_unreadable_logo_is_an_error_not_a_blank_handout() {
    let mut q = quote("王伟", "深圳市华强电子有限公司");
    q.branding.logo_png = Some(b"not an image".to_vec());
    assert!(matches!(render_quote_handout(&q), Err(leadtrack_pdf::PdfError::Image(_))));
}

#[test]
fn a_payload_too_long_for_a_qr_code_is_an_error() {
    let mut q = quote("王伟", "深圳市华强电子有限公司");
    q.qr_payload = "x".repeat(5_000);
    assert!(matches!(render_quote_handout(&q), Err(leadtrack_pdf::PdfError::QrPayload(_))));
    assert!(QrMatrix::encode(&"x".repeat(5_000)).is_err());
}

#[test]
fn characters_no_font_has_become_boxes_in_a_valid_pdf() {
    if !tools(&["pdftotext", "qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut q = quote("Anna 😀 Berg \u{0301}", "Ꭰ Cherokee Co 🏭");
    q.total_range_text.clear();
    q.lead_time_text.clear();
    let pdf = render(dir.path(), "missing.pdf", &q);
    assert!(run("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream encoding errors"));
    let text = normalized(&text_of(&pdf));
    assert!(text.contains("Anna \u{FFFD} Berg"), "{text}");
    assert!(!text.contains(&q.labels.price_range), "no total and no lead time: no panel");
}
