//! The post-show report as a reader sees it: `pdftotext` finds the show, the grade counts and
//! the ROI (Chinese and Persian too), `qpdf --check` passes, a long report continues on pages.
//! Without poppler/qpdf the tests say so and pass, unless `LEADTRACK_REQUIRE_PDF_TOOLS=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use leadtrack_pdf::{
    render_show_report, render_show_report_markdown, Paper, ReportFigure, ReportLabels, ReportSection, ReportTable,
    ShowReport,
};

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

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Ok(keep) = std::env::var("LEADTRACK_PDF_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), bytes).unwrap();
    }
    path
}

fn run(program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program).args(args).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Text without whitespace or the bidi embedding marks pdftotext adds around RTL runs.
fn text_of(pdf: &Path) -> String {
    let (ok, text) = run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    text.chars().filter(|c| !c.is_whitespace() && !('\u{202a}'..='\u{202e}').contains(c)).collect()
}

fn fig(label: &str, value: &str) -> ReportFigure {
    ReportFigure { label: label.into(), value: value.into() }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn report(show: &str, grade_title: &str, rtl: bool) -> ShowReport {
    ShowReport {
        paper: Paper::A4,
        company_name: "Acme Lighting".into(),
        primary_color: [0x0b, 0x5c, 0xad],
        show_name: show.into(),
        subtitle: "18–20 Mar 2026 · Booth 9.2".into(),
        figures: vec![
            fig("Leads", "1,240"),
            fig("ROI", "+50.0%"),
            fig("Cost per lead", "€806"),
            fig("Won value", "€30,000"),
        ],
        tables: vec![
            ReportTable {
                title: grade_title.into(),
                headers: strings(&["Grade", "Leads", "Won", "Lost", "Open"]),
                rows: vec![
                    strings(&["A", "212", "31", "12", "169"]),
                    strings(&["B", "405", "9", "20", "376"]),
                    strings(&["C", "377", "1", "3", "373"]),
                ],
            },
            ReportTable {
                title: "Leads by rep".into(),
                headers: strings(&["Rep", "Leads"]),
                rows: vec![strings(&["王伟", "640"]), strings(&["مینا رضایی", "600"])],
            },
        ],
        sections: vec![
            ReportSection { heading: "Goals and results".into(), text: "Goal 1,000 leads; reached 1,240.".into() },
            ReportSection { heading: "Booth".into(), text: "展位靠近入口，人流量大。".into() },
            ReportSection { heading: "Empty".into(), text: "  ".into() },
        ],
        labels: ReportLabels { title: "Post-show report".into(), page: "Page".into() },
        rtl,
    }
}

#[test]
fn pdftotext_finds_the_show_the_grade_counts_and_the_roi() {
    if !tools(&["pdftotext", "qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf =
        write(dir.path(), "report-en.pdf", &render_show_report(&report("Canton Fair 2026", "Grades", false)).unwrap());
    let text = text_of(&pdf);
    for want in [
        "CantonFair2026",
        "Post-showreport",
        "+50.0%",
        "1,240",
        "A21231",
        "B405",
        "王伟",
        "展位靠近入口",
        "Goal1,000leads",
    ] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
    assert!(!text.contains("Empty"), "an empty section is left out");
    let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok, "qpdf --check: {out}");
}

#[test]
fn a_persian_report_reads_back_in_logical_order_and_passes_qpdf() {
    if !tools(&["pdftotext", "qpdf"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut r = report("نمایشگاه تهران ۲۰۲۶", "درجه‌ها", true);
    r.labels = ReportLabels { title: "گزارش پس از نمایشگاه".into(), page: "صفحه".into() };
    let pdf = write(dir.path(), "report-fa.pdf", &render_show_report(&r).unwrap());
    let text = text_of(&pdf);
    // Words in logical order; pdftotext places the number of a right-to-left line by itself.
    for want in ["نمایشگاهتهران", "۲۰۲۶", "گزارشپسازنمایشگاه", "مینارضایی", "+50.0%"]
    {
        assert!(text.contains(want), "{want} missing from {text}");
    }
    let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok, "qpdf --check: {out}");
}

#[test]
fn a_long_report_continues_on_numbered_pages_with_every_row() {
    if !tools(&["pdftotext", "pdfinfo", "qpdf"]) {
        return;
    }
    let mut r = report("Long Show", "Grades", false);
    r.tables[1].rows = (0..150).map(|i| strings(&[&format!("Rep{i:03}"), &format!("{}", 1000 + i)])).collect();
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "report-long.pdf", &render_show_report(&r).unwrap());
    let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let text = text_of(&pdf);
    for i in [0, 75, 149] {
        assert!(text.contains(&format!("Rep{i:03}{}", 1000 + i)), "row {i} missing");
    }
    assert!(text.contains(&format!("Page{pages}/{pages}")));
    let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok, "qpdf --check: {out}");
}

#[test]
fn the_markdown_has_the_same_figures_tables_and_notes_with_pipes_escaped() {
    let mut r = report("Canton Fair 2026", "Grades", false);
    r.tables[1].rows.push(strings(&["A|B Trading", "3"]));
    let md = render_show_report_markdown(&r);
    assert!(md.starts_with("# Post-show report: Canton Fair 2026\n"));
    assert!(md.contains("- **ROI**: +50.0%"));
    assert!(md.contains(
        "| Grade | Leads | Won | Lost | Open |\n| --- | --- | --- | --- | --- |\n| A | 212 | 31 | 12 | 169 |"
    ));
    assert!(md.contains("| A\\|B Trading | 3 |"));
    assert!(md.contains("## Booth\n\n展位靠近入口"));
    assert!(!md.contains("## Empty"));
}
