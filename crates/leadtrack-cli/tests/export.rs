//! `leadtrack leads export` as a script sees it: a data folder in, a file or stdout out, and
//! one line on stderr with an exit code when something is wrong.

use std::path::Path;
use std::process::{Command, Output};

use leadtrack_domain::{CaptureForm, EventInput, Grade, LeadInput, Role};
use leadtrack_store::Store;

fn leadtrack(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leadtrack"));
    cmd.args(args).env_remove("LEADTRACK_DATA_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

/// A booth as the app leaves it, still open (as if the app were running): two shows, two
/// reps, a hostile name. The store is returned so the caller keeps it open.
fn booth(dir: &Path) -> Store {
    let store = Store::open(dir).unwrap();
    let show = |tag: &str| {
        store
            .create_event(EventInput {
                tag: tag.into(),
                name: format!("{tag} show"),
                starts_on: "2026-11-23".into(),
                ends_on: "2026-11-25".into(),
                booth: "A1".into(),
                country: "CN".into(),
                form: CaptureForm { required: vec!["name".into()], ..CaptureForm::default() },
            })
            .unwrap()
            .id
    };
    let (canton, medica) = (show("CANTON"), show("MEDICA"));
    let dylan = store.create_user("Dylan", "", Role::Rep).unwrap();
    let lisa = store.create_user("Lisa", "", Role::Rep).unwrap();
    let lead = |event: &str, name: &str, grade| LeadInput {
        event_id: event.into(),
        name: name.into(),
        company: "华强".into(),
        phone: "138 0013 8000".into(),
        grade: Some(grade),
        ..LeadInput::default()
    };
    store.create_lead(lead(&canton, HOSTILE, Grade::A), &dylan.id).unwrap();
    store.create_lead(lead(&canton, "王小明", Grade::B), &lisa.id).unwrap();
    store.create_lead(lead(&canton, "Jane Doe", Grade::A), &lisa.id).unwrap();
    store.create_lead(lead(&medica, "Elsewhere", Grade::A), &dylan.id).unwrap();
    store
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn an_excel_export_to_a_file_has_a_bom_and_guards_a_formula_while_the_app_runs() {
    let dir = tempfile::tempdir().unwrap();
    let _app = booth(dir.path());
    let file = dir.path().join("canton.csv");
    let out = leadtrack(
        &[
            "leads",
            "export",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--format",
            "excel-csv",
            "--show",
            "canton",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("leadtrack: exported 3 leads to {}\n", file.display()));
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let rows = csv_rows(&bytes);
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, [format!("'{HOSTILE}").as_str(), "王小明", "Jane Doe"]);
}

#[test]
fn a_crm_export_goes_to_stdout_raw_and_filtered_by_grade_and_rep() {
    let dir = tempfile::tempdir().unwrap();
    let _app = booth(dir.path());
    let out = leadtrack(
        &["leads", "export", "--format", "hubspot", "--grade", "a", "--rep", "lisa"],
        &[("LEADTRACK_DATA_DIR", dir.path())],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][..2], ["Jane", "Doe"]);
    assert_eq!(rows[1][3], "+8613800138000");

    let raw = leadtrack(
        &["leads", "export", "--format", "salesforce", "--rep", "Dylan", "--show", "CANTON"],
        &[("LEADTRACK_DATA_DIR", dir.path())],
    );
    let rows = csv_rows(&raw.stdout);
    // The comma makes the split `Family, Given`; what matters is that no guard was added.
    assert_eq!(format!("{},{}", rows[1][1], rows[1][0]), HOSTILE, "the CRM flavour is raw text");
}

#[test]
fn a_workbook_goes_to_a_pipe_and_json_lists_every_lead() {
    let dir = tempfile::tempdir().unwrap();
    let _app = booth(dir.path());
    let data_dir = dir.path().to_str().unwrap();
    let xlsx = leadtrack(&["leads", "export", "--data-dir", data_dir, "--format", "xlsx"], &[]);
    assert!(xlsx.status.success(), "{}", stderr(&xlsx));
    assert!(xlsx.stdout.starts_with(b"PK"), "not a zip");
    let json = leadtrack(&["leads", "export", "--data-dir", data_dir, "--format", "json", "--status", "new"], &[]);
    let leads: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(leads.as_array().unwrap().len(), 4);
    let vcard = leadtrack(&["leads", "export", "--data-dir", data_dir, "--format", "vcard", "--show", "MEDICA"], &[]);
    assert_eq!(String::from_utf8(vcard.stdout).unwrap().matches("BEGIN:VCARD").count(), 1);
}

#[test]
fn wrong_inputs_fail_with_one_line_and_exit_2_and_an_unwritable_file_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let _app = booth(dir.path());
    let data_dir = dir.path().to_str().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--data-dir", data_dir, "--format", "json", "--show", "NOPE"], "No show is tagged \"NOPE\""),
        (&["--data-dir", data_dir, "--format", "json", "--rep", "Nobody"], "No rep is called \"Nobody\""),
        (&["--data-dir", empty.path().to_str().unwrap(), "--format", "json"], "no LeadTrack database"),
        (&["--data-dir", data_dir, "--format", "csv"], "excel-csv"),
        (&["--data-dir", data_dir, "--format", "json", "--grade", "E"], "not a grade"),
        (&["--data-dir", data_dir, "--format", "json", "--status", "hot"], "not a status"),
    ];
    for (args, says) in cases {
        let mut all = vec!["leads", "export"];
        all.extend_from_slice(args);
        let out = leadtrack(&all, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let nowhere = dir.path().join("missing-folder").join("x.csv");
    let out = leadtrack(
        &["leads", "export", "--data-dir", data_dir, "--format", "json", "-o", nowhere.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("missing-folder"));
}

/// `script` (util-linux) runs the command on a pseudo-terminal, as a person at a shell would.
#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let _app = booth(dir.path());
    let line =
        format!("{} leads export --data-dir {} --format xlsx", env!("CARGO_BIN_EXE_leadtrack"), dir.path().display());
    let out = Command::new("script").args(["-qec", &line, "/dev/null"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("xlsx is binary and stdout is a terminal; use -o FILE"), "{shown}");
    assert!(!shown.contains("PK"), "workbook bytes reached the terminal");
}
