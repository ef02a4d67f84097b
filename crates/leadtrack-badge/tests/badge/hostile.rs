//! Malformed and hostile payloads: the parser answers quickly, never panics, keeps raw as-is and
//! keeps control characters out of fields. (Timings are for `cargo xtask bench`; these inputs are
//! simply big enough that a quadratic path would make the suite crawl.)

use leadtrack_badge::{parse, parse_bytes, Format, MAX_PARSED_BYTES};

use crate::support::{assert_warns, check};

fn every_field(p: &leadtrack_badge::Parsed) -> Vec<&str> {
    let mut all = p.fields.values().to_vec();
    all.extend(p.attendee_id.as_deref());
    all
}

fn assert_clean_fields(p: &leadtrack_badge::Parsed) {
    for value in every_field(p) {
        assert!(!value.chars().any(char::is_control), "control character in {value:?}");
        assert!(value.chars().count() <= 300, "over-long field: {} chars", value.chars().count());
    }
}

#[test]
fn a_100_kb_payload_is_read_up_to_the_cap_and_kept_whole_in_raw() {
    let big = format!("BEGIN:VCARD\nFN:Big Card\nNOTE:{}\nEND:VCARD", "x".repeat(100 * 1024));
    let p = parse(&big, None);
    assert_eq!(p.raw, big);
    assert_eq!(p.format, Format::Vcard);
    assert_eq!(p.fields.name, "Big Card");
    assert_warns(&p, &format!("only the first {MAX_PARSED_BYTES}"));
}

#[test]
fn long_runs_of_one_character_in_every_shape_return_and_stay_clean() {
    let n = 100 * 1024;
    for unit in
        [";", "^", "|", "::", "*", "%", "$", ":", "=", "\\", "\n", "\r\n ", "{", "[", "a", "0", "é", "王", "=\n"]
    {
        let payload = unit.repeat(n / unit.len());
        for prefix in ["", "MECARD:", "BIZCARD:", "BEGIN:VCARD\n", "https://x.io/?", "AT$", "N:"] {
            let input = format!("{prefix}{payload}");
            let p = parse(&input, None);
            assert_eq!(p.raw, input);
            assert_clean_fields(&p);
        }
    }
}

#[test]
fn thousands_of_semicolons_in_a_mecard_give_an_empty_contact() {
    let input = format!("MECARD:N:Ng,Kim;{}", ";".repeat(5000));
    check(&input, "format: mecard\nname: Kim Ng\nfirst_name: Kim\nlast_name: Ng");
}

#[test]
fn an_extremely_long_line_inside_a_field_is_cut_with_a_warning() {
    let input = format!("BEGIN:VCARD\nFN:{}\nEND:VCARD", "Ab".repeat(30_000));
    let p = parse(&input, None);
    assert_eq!(p.fields.name.chars().count(), 300);
    assert_warns(&p, "was cut");
    assert!(p.warnings.len() <= 21);
}

#[test]
fn control_characters_are_stripped_from_fields_but_kept_in_raw() {
    let input = "MECARD:N:Sm\u{0}ith\u{7},Ma\u{1b}[31mry;EMAIL:mary\u{8}@example.com;ORG:Evil\u{202E}moc.corp;;";
    let p = check(
        input,
        "
        format: mecard
        name: Ma[31mry Smith
        first_name: Ma[31mry
        last_name: Smith
        company: Evilmoc.corp
        email: mary@example.com
        ",
    );
    assert!(p.raw.contains('\u{0}'));
}

#[test]
fn markup_and_sql_stay_as_inert_text() {
    check(
        r#"{"name":"<script>alert('x')</script>","company":"Robert'); DROP TABLE leads;--","email":"x@example.com"}"#,
        "
        format: json
        name: <script>alert('x')</script>
        company: Robert'); DROP TABLE leads;--
        email: x@example.com
        ",
    );
    check("<script>alert(document.cookie)</script>", "format: unknown");
    check("'; DROP TABLE leads; --", "format: unknown");
    check("1' OR '1'='1", "format: unknown");
    check("<img src=x onerror=alert(1)>", "format: unknown");
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(parse(&deep, None).format, Format::Unknown);
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    assert_eq!(parse(&deep_objects, None).format, Format::Unknown);
}

#[test]
fn binary_garbage_is_kept_escaped_and_not_read() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let p = parse_bytes(&garbage, None);
    assert_eq!(p.format, Format::Unknown);
    assert!(p.raw.is_ascii());
    assert_warns(&p, "binary");
}

#[test]
fn latin1_bytes_are_read_as_windows_1252_with_a_warning() {
    let p = parse_bytes(b"MECARD:N:M\xfcller,J\xfcrgen;ORG:Caf\xe9 \x80 GmbH;;", None);
    assert_eq!(p.format, Format::Mecard);
    assert_eq!(p.fields.name, "Jürgen Müller");
    assert_eq!(p.fields.company, "Café € GmbH");
    assert_warns(&p, "Windows-1252");
}

#[test]
fn utf8_bytes_parse_exactly_like_the_string() {
    let text = "MECARD:N:王,小明;EMAIL:wang@example.cn;;";
    assert_eq!(parse_bytes(text.as_bytes(), None), parse(text, None));
}

#[test]
fn a_byte_order_mark_does_not_hide_the_format() {
    check(
        "\u{FEFF}BEGIN:VCARD\nFN:Ana Lima\nEND:VCARD",
        "format: vcard\nname: Ana Lima\nfirst_name: Ana\nlast_name: Lima",
    );
}

#[test]
fn malformed_vcards_still_return() {
    for input in [
        "BEGIN:VCARD",
        "BEGIN:VCARD\n:\n;;;\n:::\nN\nEND",
        "BEGIN:VCARD\nN;ENCODING=QUOTED-PRINTABLE:=\nFN;ENCODING=QUOTED-PRINTABLE:=ZZ=F\nEND:VCARD",
        "BEGIN:VCARD\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=FF=FE\nEND:VCARD",
        "BEGIN:VCARD\nX-A;PARAM=\"unterminated:value\nEND:VCARD",
        "BEGIN:VCARD\nFN:\\\nEND:VCARD",
    ] {
        let p = parse(input, None);
        assert_eq!(p.format, Format::Vcard);
        assert_eq!(p.raw, input);
        assert_clean_fields(&p);
    }
}

#[test]
fn a_name_composed_from_two_long_parts_is_capped_too() {
    // Found by the fuzz target: first + last at the limit each made a 601-character name.
    let part = "Å".repeat(400);
    for input in [format!("MECARD:N:{part},{part};;"), format!("{part}::{part}::{part}::{part}::x@example.com")] {
        let p = parse(&input, None);
        assert_clean_fields(&p);
        assert!(p.warnings.iter().any(|w| w.starts_with("name was longer than 300")), "{:?}", p.warnings);
    }
    let address = format!(r#"{{"street":"{part}","city":"{part}","email":"a@example.com"}}"#);
    let p = parse(&address, None);
    assert_clean_fields(&p);
    assert_eq!(p.fields.address.chars().count(), 300);
}
