//! `check` and friends.

use leadtrack_badge::{parse, BadgeProfile, Parsed};

/// `format: …`, `id: …`, then each non-empty field, one per line.
pub fn render(p: &Parsed) -> String {
    let f = &p.fields;
    let mut lines = vec![format!("format: {}", p.format)];
    if let Some(id) = &p.attendee_id {
        lines.push(format!("id: {id}"));
    }
    let fields = [
        ("name", &f.name),
        ("first_name", &f.first_name),
        ("last_name", &f.last_name),
        ("company", &f.company),
        ("title", &f.title),
        ("email", &f.email),
        ("phone", &f.phone),
        ("country", &f.country),
        ("address", &f.address),
        ("website", &f.website),
    ];
    for (key, value) in fields {
        if !value.is_empty() {
            lines.push(format!("{key}: {value}"));
        }
    }
    lines.join("\n")
}

/// Each line trimmed, blank lines dropped, so expectations can be indented in the source.
pub fn dedent(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[track_caller]
pub fn check(input: &str, expected: &str) -> Parsed {
    check_with(input, None, expected)
}

#[track_caller]
pub fn check_with(input: &str, profile: Option<&BadgeProfile>, expected: &str) -> Parsed {
    let parsed = parse(input, profile);
    assert_eq!(parsed.raw, input, "raw must be the payload, unchanged");
    assert_eq!(render(&parsed), dedent(expected), "\ninput: {input:?}\nwarnings: {:#?}", parsed.warnings);
    parsed
}

/// Asserts that some warning contains `needle`.
#[track_caller]
pub fn assert_warns(parsed: &Parsed, needle: &str) {
    assert!(
        parsed.warnings.iter().any(|w| w.contains(needle)),
        "expected a warning containing {needle:?}, got {:#?}",
        parsed.warnings
    );
}

pub fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[track_caller]
pub fn profile(json: &str) -> BadgeProfile {
    match BadgeProfile::from_json(json) {
        Ok(p) => p,
        Err(e) => panic!("profile should load: {e}"),
    }
}
