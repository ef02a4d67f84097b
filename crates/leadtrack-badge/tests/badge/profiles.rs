//! Per-show badge profiles: loading (and its error messages), recognition, column orders,
//! wrappers and id patterns, and trying a sample badge.

use leadtrack_badge::{parse, BadgeProfile, Column, Format, ProfileError};

use crate::support::{assert_warns, check_with, profile};

const EXAMPLE: &str = include_str!("../../profiles/example.json");

#[test]
fn the_example_profile_reads_its_shows_caret_badges() {
    let p = profile(EXAMPLE);
    let parsed = check_with(
        "TX-0004711^Anna^Schmidt^anna.schmidt@example.de^Einkauf^Siemens AG^Berlin^^10115^+49 30 123456",
        Some(&p),
        "
        format: delimited
        id: 4711
        name: Anna Schmidt
        first_name: Anna
        last_name: Schmidt
        company: Siemens AG
        title: Einkauf
        email: anna.schmidt@example.de
        phone: +49 30 123456
        address: Berlin, 10115
        ",
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn a_badge_the_profile_does_not_recognise_is_auto_detected_with_a_warning() {
    let p = profile(EXAMPLE);
    let parsed = check_with(
        "https://www.linkedin.com/in/anna-schmidt",
        Some(&p),
        "format: url\nwebsite: https://www.linkedin.com/in/anna-schmidt",
    );
    assert_warns(&parsed, "the TechExpo Berlin 2025 profile does not recognise this badge");
    assert!(!p.recognises("https://www.linkedin.com/in/anna-schmidt"));
    assert!(p.recognises("  TX-1^A^B  "));
}

#[test]
fn the_documented_example_profile_loads() {
    let doc = r#"{
      "name": "TechExpo 2025",
      "recognise": { "prefix": "TX", "suffix": null, "contains": "^", "glob": "TX*^*" },
      "wrapper": { "start": "AT$", "end": "$AT" },
      "delimiter": "^",
      "fields": ["id", "first_name", "last_name", "email", "skip", "company"],
      "id": { "prefix": "TX", "prefix_required": false, "chars": "digits", "separators": "",
              "min_len": 6, "max_len": 10, "strip_leading_zeros": true, "keep_prefix": false },
      "lookup": false
    }"#;
    let p = profile(doc);
    assert_eq!(p.fields.len(), 6);
    assert_eq!(BadgeProfile::from_json(&p.to_json()), Ok(p));
}

#[test]
fn profile_json_errors_say_what_is_wrong_and_where() {
    let cases: &[(&str, &str)] = &[
        ("", "the badge profile is empty"),
        (r#"{"name": "X",}"#, "not valid JSON: trailing comma (line 1, column 14)"),
        (r#"{"name": "X", "delimeter": "^"}"#, "unknown field `delimeter`"),
        (r#"{"name": "X", "delimiter": "^", "fields": ["id", "frist_name"]}"#, "unknown variant `frist_name`"),
        (r#"{"delimiter": "^"}"#, "missing field `name`"),
        (r#"{"name": 5}"#, "invalid type: integer `5`"),
        (r#"{"name": "  "}"#, "needs a \"name\""),
        (r#"{"name": "X", "delimiter": "", "fields": ["id"]}"#, "\"delimiter\" is empty"),
        (r#"{"name": "X", "delimiter": "^"}"#, "\"fields\" is empty"),
        (r#"{"name": "X", "fields": ["id", "email"]}"#, "needs a \"delimiter\""),
        (r#"{"name": "X", "delimiter": "|", "fields": ["email", "id", "email"]}"#, "lists \"email\" twice"),
        (r#"{"name": "X", "delimiter": "|", "fields": ["name"], "lookup": true}"#, "no \"id\" column"),
        (r#"{"name": "X", "wrapper": {"start": "", "end": ""}}"#, "\"wrapper\" needs"),
        (r#"{"name": "X", "recognise": {"prefix": ""}}"#, "\"recognise\".\"prefix\" is empty"),
        (
            r#"{"name": "X", "id": {"min_len": 9, "max_len": 6}}"#,
            "\"min_len\" (9) is greater than \"id\".\"max_len\" (6)",
        ),
        (r#"{"name": "X", "id": {"max_len": 0}}"#, "\"max_len\" must be at least 1"),
        (r#"{"name": "X", "id": {"prefix": ""}}"#, "\"id\".\"prefix\" is empty"),
        (r#"{"name": "X", "id": {"prefix_required": true}}"#, "no \"id\".\"prefix\""),
        (r#"{"name": "X", "id": {"chars": "letters"}}"#, "unknown variant `letters`"),
        (r#"{"name": "X", "recognise": {"glob": "*^*", "regex": ".*"}}"#, "unknown field `regex`"),
        ("[1, 2]", "must be a JSON object"),
        ("name: X", "must be a JSON object"),
    ];
    for (json, needle) in cases {
        match BadgeProfile::from_json(json) {
            Ok(p) => panic!("{json} should be refused, got {p:?}"),
            Err(e) => assert!(e.to_string().contains(needle), "{json}\n  error: {e}\n  expected: {needle}"),
        }
    }
}

#[test]
fn a_json_syntax_error_reports_its_line_and_column() {
    let err = BadgeProfile::from_json("{\n  \"name\": \"X\"\n  \"lookup\": true\n}");
    assert!(matches!(err, Err(ProfileError::Syntax { line: 3, .. })), "{err:?}");
}

#[test]
fn skip_may_repeat_and_aliases_are_accepted() {
    let p = profile(
        r#"{"name": "X", "match": {"contains": "|"}, "delimiter": "|", "fields": ["firstname", "skip", "surname", "skip", "organization"]}"#,
    );
    assert_eq!(p.fields, [Column::FirstName, Column::Skip, Column::LastName, Column::Skip, Column::Company]);
    assert_eq!(p.recognise.contains.as_deref(), Some("|"));
}

#[test]
fn the_profiles_column_order_wins_over_auto_detection() {
    // Auto-detection reads a 5-column `::` badge in the 2019 Devoxx order (id::last::first…);
    // this show's profile says first name comes first.
    let input = "48211::Pieter::Janssens::Ordina::pieter.janssens@ordina.be";
    assert_eq!(parse(input, None).fields.first_name, "Janssens");
    let p = profile(
        r#"{"name": "Devoxx 2025", "delimiter": "::", "fields": ["id", "first_name", "last_name", "company", "email"]}"#,
    );
    check_with(
        input,
        Some(&p),
        "
        format: delimited
        id: 48211
        name: Pieter Janssens
        first_name: Pieter
        last_name: Janssens
        company: Ordina
        email: pieter.janssens@ordina.be
        ",
    );
}

#[test]
fn a_column_count_that_differs_from_the_profile_is_read_with_a_warning() {
    let p = profile(r#"{"name": "Expo", "delimiter": "|", "fields": ["id", "name", "company"]}"#);
    let short = check_with(
        "77|Kai Berg",
        Some(&p),
        "format: delimited\nid: 77\nname: Kai Berg\nfirst_name: Kai\nlast_name: Berg",
    );
    assert_warns(&short, "has 2 columns but the profile lists 3");
    let long = check_with(
        "77|Kai Berg|Nordic AB|extra",
        Some(&p),
        "format: delimited\nid: 77\nname: Kai Berg\nfirst_name: Kai\nlast_name: Berg\ncompany: Nordic AB",
    );
    assert_warns(&long, "has 4 columns");
}

#[test]
fn a_wrapped_token_profile_unwraps_and_checks_the_id() {
    let p = profile(
        r#"{"name": "PGConf", "wrapper": {"start": "AT$", "end": "$AT"}, "id": {"chars": "hex", "min_len": 40, "max_len": 64}, "lookup": true}"#,
    );
    let token = "8c4f2a9e1b7d3c5f6a8e0b2d4f6a8c0e1b3d5f7a";
    let parsed = check_with(&format!("AT${token}$AT"), Some(&p), &format!("format: wrapped_token\nid: {token}"));
    assert!(parsed.needs_lookup());
    let short = check_with("AT$abc123$AT", Some(&p), "format: wrapped_token\nid: abc123");
    assert_warns(&short, "does not fit the profile: it has 6 characters, fewer than 40");
    let other = check_with(&format!("ID${token}$ID"), Some(&p), &format!("format: wrapped_token\nid: {token}"));
    assert_warns(&other, "it is not wrapped in \"AT$\"");
}

#[test]
fn a_wrapped_delimited_badge_is_unwrapped_then_split() {
    let p = profile(
        r#"{"name": "Wrapped", "wrapper": {"start": "<<", "end": ">>"}, "delimiter": ";", "fields": ["id", "last_name", "first_name"]}"#,
    );
    check_with(
        "<<00991;Rossi;Giulia>>",
        Some(&p),
        "format: wrapped_token\nid: 00991\nname: Giulia Rossi\nfirst_name: Giulia\nlast_name: Rossi",
    );
}

#[test]
fn id_patterns_normalise_zero_padded_prefixed_and_dotted_ids() {
    let cases: &[(&str, &str, &str)] = &[
        // Aptify: Code 39, at least 6 digits, zero-padded; the list says 12.
        (r#"{"chars": "digits", "min_len": 6, "strip_leading_zeros": true}"#, "000012", "12"),
        (r#"{"chars": "digits", "min_len": 6, "strip_leading_zeros": true}"#, "*000012*", "12"),
        (r#"{"chars": "digits", "min_len": 6}"#, "000012", "000012"),
        // SpotMe: "SB" + the Cvent confirmation number.
        (r#"{"prefix": "SB", "prefix_required": true, "chars": "alphanumeric"}"#, "SBpax001", "pax001"),
        (r#"{"prefix": "SB", "prefix_required": true, "chars": "alphanumeric"}"#, "sbPAX001", "PAX001"),
        (r#"{"prefix": "SB", "keep_prefix": true, "chars": "alphanumeric"}"#, "sbpax001", "SBpax001"),
        (r#"{"prefix": "REG-", "chars": "digits", "strip_leading_zeros": true}"#, "REG-00123", "123"),
        (r#"{"prefix": "REG-", "chars": "digits", "strip_leading_zeros": true}"#, "00123", "123"),
        // CMD/eContact: event . participant . contact.
        (r#"{"chars": "digits", "separators": "."}"#, "1234.56.7890", "1234.56.7890"),
    ];
    for (pattern, input, id) in cases {
        let p = profile(&format!(r#"{{"name": "Show", "id": {pattern}}}"#));
        let parsed = parse(input, Some(&p));
        assert_eq!(parsed.attendee_id.as_deref(), Some(*id), "{pattern} on {input}: {:?}", parsed.warnings);
        assert_eq!(parsed.format, Format::BareId, "{pattern} on {input}");
        assert!(parsed.warnings.is_empty(), "{pattern} on {input}: {:?}", parsed.warnings);
    }
}

#[test]
fn an_id_that_does_not_fit_a_rule_less_profile_means_another_kind_of_badge() {
    let p = profile(r#"{"name": "Aptify", "id": {"chars": "digits", "min_len": 6}}"#);
    let parsed = check_with("12", Some(&p), "format: bare_id\nid: 12");
    assert_warns(&parsed, "the Aptify profile does not recognise this badge (it is not an id of the show)");
    let vcard = check_with(
        "BEGIN:VCARD\nFN:Ana Lima\nEND:VCARD",
        Some(&p),
        "format: vcard\nname: Ana Lima\nfirst_name: Ana\nlast_name: Lima",
    );
    assert_warns(&vcard, "does not recognise");
}

#[test]
fn a_profile_can_check_the_id_inside_a_mecard() {
    let p = profile(
        r#"{"name": "Eventmaker", "recognise": {"prefix": "MECARD:"}, "id": {"chars": "alphanumeric", "min_len": 7, "max_len": 7}}"#,
    );
    let ok = check_with(
        "MECARD:UID:187WCI5;N:Barbara Moore;ORG:Uber;;",
        Some(&p),
        "format: mecard\nid: 187WCI5\nname: Barbara Moore\nfirst_name: Barbara\nlast_name: Moore\ncompany: Uber",
    );
    assert!(ok.warnings.is_empty(), "{:?}", ok.warnings);
    let bad = check_with(
        "MECARD:UID:1;N:Bo Li;;",
        Some(&p),
        "format: mecard\nid: 1\nname: Bo Li\nfirst_name: Bo\nlast_name: Li",
    );
    assert_warns(&bad, "the id \"1\" does not fit the profile: it has 1 characters, fewer than 7");
}

#[test]
fn a_lookup_profile_warns_when_a_badge_has_no_id() {
    let p = profile(
        r#"{"name": "Expo", "recognise": {"contains": "|"}, "delimiter": "|", "fields": ["id", "name"], "lookup": true}"#,
    );
    let parsed =
        check_with("|Kai Berg", Some(&p), "format: delimited\nname: Kai Berg\nfirst_name: Kai\nlast_name: Berg");
    assert_warns(&parsed, "looked up by id, but this badge has no id");
}

#[test]
fn trying_a_sample_flags_columns_that_do_not_look_like_their_field() {
    let p =
        profile(r#"{"name": "Expo", "delimiter": "^", "fields": ["id", "first_name", "last_name", "email", "phone"]}"#);
    let sample = p.try_sample("A1^Mary^Smith^Director^TechCorp");
    assert_warns(&sample, "column 4 (email) holds \"Director\", which does not look like one");
    assert_warns(&sample, "column 5 (phone) holds \"TechCorp\"");
    let good = p.try_sample("A1^Mary^Smith^mary@techcorp.com^+1 555 123 4567");
    assert!(good.warnings.is_empty(), "{:?}", good.warnings);
    assert_eq!(good, parse("A1^Mary^Smith^mary@techcorp.com^+1 555 123 4567", Some(&p)));
}

#[test]
fn a_glob_profile_recognises_only_matching_badges() {
    let p =
        profile(r#"{"name": "Glob", "recognise": {"glob": "REG-?????"}, "id": {"prefix": "REG-", "chars": "digits"}}"#);
    assert!(p.recognises("REG-12345"));
    assert!(!p.recognises("REG-1234"));
    assert_eq!(parse("REG-12345", Some(&p)).attendee_id.as_deref(), Some("12345"));
    let other = parse("REG-1234", Some(&p));
    assert_eq!(other.attendee_id.as_deref(), Some("REG-1234"));
    assert_warns(&other, "it does not match \"REG-?????\"");
}

#[test]
fn an_invalid_profile_built_in_code_is_not_used_and_says_why() {
    let mut p = profile(r#"{"name": "Expo", "delimiter": "|", "fields": ["id", "name"]}"#);
    p.delimiter = Some(String::new());
    let parsed = check_with("000123", Some(&p), "format: bare_id\nid: 000123");
    assert_warns(&parsed, "the badge profile was not used: \"delimiter\" is empty");
}
