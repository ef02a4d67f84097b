//! Property tests: totality on arbitrary input, raw preservation, clean fields, and round trips
//! of generated vCards and MECARDs. 256 cases each, so CI stays quick; the fuzz target
//! (`fuzz/`) is for long runs.

use leadtrack_badge::{parse, parse_bytes, BadgeProfile, Column, IdChars, IdPattern, Parsed, Recognise, Wrapper};
use proptest::prelude::*;

/// Fragments that steer random payloads into every parser's deeper paths.
const FRAGMENTS: &[&str] = &[
    "BEGIN:VCARD\n",
    "END:VCARD",
    "MECARD:",
    "BIZCARD:",
    "N:",
    "FN:",
    "TEL;TYPE=WORK:",
    "EMAIL:",
    "ORG:",
    "UID:",
    "CONF:",
    "X-ATTENDEE-ID:",
    ";ENCODING=QUOTED-PRINTABLE:",
    ";CHARSET=UTF-8",
    "=E7=8E=8B",
    "=\r\n",
    "=",
    "\\",
    "\\;",
    "\\,",
    ";",
    ",",
    ":",
    "::",
    "^",
    "|",
    "*",
    "%",
    "$",
    "AT$",
    "$AT",
    "\t",
    "\r\n",
    "\n",
    " ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\"id\":",
    "\"email\":",
    "https://",
    "www.",
    "?id=",
    "&",
    "#/",
    "/",
    "@",
    "mailto:",
    "000123",
    "REG-",
    "王",
    "علی",
    "\u{200C}",
    "\u{202E}",
    "\u{0}",
    "\u{7}",
    "\u{FEFF}",
    "é",
    "x@example.com",
    "Name:",
    "<script>",
    "'; DROP TABLE",
];

fn payload() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|parts| parts.concat()),
        prop::collection::vec(
            prop_oneof![prop::sample::select(FRAGMENTS).prop_map(str::to_owned), any::<String>()],
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn column() -> impl Strategy<Value = Column> {
    prop::sample::select(vec![
        Column::Id,
        Column::Skip,
        Column::Name,
        Column::FirstName,
        Column::LastName,
        Column::Company,
        Column::Email,
        Column::Phone,
        Column::City,
        Column::Zip,
    ])
}

/// Valid-by-construction-or-not profiles: parse must cope with any profile value, validated or not.
fn any_profile() -> impl Strategy<Value = BadgeProfile> {
    (
        prop::option::of(prop::sample::select(vec!["^", "|", "::", ";", "*", "%", "\t", "$"])),
        prop::collection::vec(column(), 0..8),
        prop::option::of(("[A-Z$<]{0,3}", "[A-Z$>]{0,3}")),
        prop::option::of(("[A-Za-z*?^|]{0,6}", "[A-Z]{0,2}")),
        prop::option::of((
            prop::option::of("[A-Z-]{0,4}"),
            any::<bool>(),
            prop::sample::select(vec![IdChars::Digits, IdChars::Alphanumeric, IdChars::Hex, IdChars::Any]),
            prop::option::of(0usize..12),
            prop::option::of(0usize..12),
            any::<bool>(),
            any::<bool>(),
        )),
        any::<bool>(),
    )
        .prop_map(|(delimiter, fields, wrapper, rules, id, lookup)| BadgeProfile {
            name: "Generated".into(),
            recognise: rules.map_or_else(Recognise::default, |(glob, prefix)| Recognise {
                prefix: Some(prefix),
                glob: Some(glob),
                ..Recognise::default()
            }),
            wrapper: wrapper.map(|(start, end)| Wrapper { start, end }),
            delimiter: delimiter.map(str::to_owned),
            fields,
            id: id.map(|(prefix, prefix_required, chars, min_len, max_len, strip_leading_zeros, keep_prefix)| {
                IdPattern {
                    prefix,
                    prefix_required,
                    chars,
                    separators: ".".into(),
                    min_len,
                    max_len,
                    strip_leading_zeros,
                    keep_prefix,
                }
            }),
            lookup,
        })
}

fn assert_clean(p: &Parsed) -> Result<(), TestCaseError> {
    for value in p.fields.values() {
        prop_assert!(!value.chars().any(char::is_control), "control character in {:?}", value);
        prop_assert!(value.chars().count() <= 300);
        prop_assert_eq!(value.trim(), value);
    }
    if let Some(id) = &p.attendee_id {
        prop_assert!(!id.is_empty() && !id.chars().any(char::is_control));
    }
    prop_assert!(p.warnings.len() <= 21);
    Ok(())
}

/// Letters from Latin, Chinese and Persian script plus the characters each format must escape.
fn name_word() -> impl Strategy<Value = String> {
    r#"[a-zA-Zéøß王小明张伟李娜علیرضاییسارا'."\-;,:\\]{1,8}"#
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(name_word(), 1..3).prop_map(|words| words.join(" "))
}

fn email() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9._+-]{0,12}@[a-z0-9-]{1,12}\\.[a-z]{2,6}"
}

fn vcard_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,")
}

fn mecard_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(':', "\\:").replace(',', "\\,")
}

fn quoted_printable(s: &str) -> String {
    let mut out = String::new();
    for (i, b) in s.bytes().enumerate() {
        if i > 0 && i % 10 == 0 {
            out.push_str("=\r\n");
        }
        out.push_str(&format!("={b:02X}"));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_any_text_returns_keeps_raw_and_cleans_fields(input in payload()) {
        let parsed = parse(&input, None);
        prop_assert_eq!(&parsed.raw, &input);
        assert_clean(&parsed)?;
    }

    #[test]
    fn parsing_any_bytes_returns_and_keeps_utf8_raw(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let parsed = parse_bytes(&bytes, None);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            prop_assert_eq!(parsed.raw.as_str(), text);
        }
        assert_clean(&parsed)?;
    }

    #[test]
    fn parsing_with_any_profile_returns_and_keeps_raw(profile in any_profile(), input in payload()) {
        let parsed = parse(&input, Some(&profile));
        prop_assert_eq!(&parsed.raw, &input);
        assert_clean(&parsed)?;
        let sample = profile.try_sample(&input);
        prop_assert_eq!(&sample.raw, &input);
        let _ = BadgeProfile::from_json(&profile.to_json());
    }

    #[test]
    fn profile_json_of_any_text_is_an_answer_not_a_panic(json in payload()) {
        let _ = BadgeProfile::from_json(&json);
    }

    #[test]
    fn a_generated_vcard_30_round_trips_name_and_email(
        first in name(), last in name(), email in email(), crlf in any::<bool>(), padding in 0usize..4,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let blank = eol.repeat(padding);
        let card = format!(
            "BEGIN:VCARD{eol}VERSION:3.0{eol}{blank}N:{};{};;;{eol}EMAIL;TYPE=INTERNET:{email}{eol}{blank}END:VCARD{eol}",
            vcard_escape(&last), vcard_escape(&first)
        );
        let parsed = parse(&card, None);
        prop_assert_eq!(parsed.format, leadtrack_badge::Format::Vcard);
        prop_assert_eq!(&parsed.fields.first_name, &first);
        prop_assert_eq!(&parsed.fields.last_name, &last);
        prop_assert_eq!(&parsed.fields.email, &email);
        prop_assert!(parsed.fields.name.contains(&first) && parsed.fields.name.contains(&last));
    }

    #[test]
    fn a_generated_quoted_printable_vcard_21_round_trips_name_and_email(first in name(), last in name(), email in email()) {
        let card = format!(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{};{}\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{}\r\nEMAIL;INTERNET:{email}\r\nEND:VCARD\r\n",
            quoted_printable(&vcard_escape(&last)),
            quoted_printable(&vcard_escape(&first)),
            quoted_printable(&vcard_escape(&format!("{first} {last}"))),
        );
        let parsed = parse(&card, None);
        prop_assert_eq!(&parsed.fields.first_name, &first);
        prop_assert_eq!(&parsed.fields.last_name, &last);
        prop_assert_eq!(parsed.fields.name, format!("{first} {last}"));
        prop_assert_eq!(&parsed.fields.email, &email);
    }

    #[test]
    fn a_generated_mecard_round_trips_name_email_and_id(
        first in name(), last in name(), email in email(), id in "[A-Z0-9]{4,12}",
    ) {
        let card = format!("MECARD:UID:{id};N:{},{};EMAIL:{};;", mecard_escape(&last), mecard_escape(&first), mecard_escape(&email));
        let parsed = parse(&card, None);
        prop_assert_eq!(parsed.format, leadtrack_badge::Format::Mecard);
        prop_assert_eq!(&parsed.fields.first_name, &first);
        prop_assert_eq!(&parsed.fields.last_name, &last);
        prop_assert_eq!(&parsed.fields.email, &email);
        prop_assert_eq!(parsed.attendee_id.as_deref(), Some(id.as_str()));
    }

    #[test]
    fn a_delimited_badge_read_by_its_profile_round_trips_every_column(
        id in "[0-9]{6,10}", first in "[A-Za-z王علی]{1,10}", last in "[A-Za-z李رضایی]{1,10}", email in email(),
        delimiter in prop::sample::select(vec!["^", "|", "::", "*", "%", ";"]),
    ) {
        let profile = BadgeProfile::from_json(&format!(
            r#"{{"name": "Show", "delimiter": "{delimiter}", "fields": ["last_name", "email", "id", "first_name"]}}"#
        )).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let input = [last.as_str(), email.as_str(), id.as_str(), first.as_str()].join(delimiter);
        let parsed = parse(&input, Some(&profile));
        prop_assert_eq!(parsed.attendee_id.as_deref(), Some(id.as_str()));
        prop_assert_eq!(&parsed.fields.first_name, &first);
        prop_assert_eq!(&parsed.fields.last_name, &last);
        prop_assert_eq!(&parsed.fields.email, &email);
        prop_assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }
}
