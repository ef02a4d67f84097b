//! Fuzzes `parse`, `parse_bytes` and `try_sample` on arbitrary bytes, without a profile and with
//! a few representative ones. A panic, a changed `raw`, or a control character in a field is a
//! bug. The property tests run 256 cases in CI; this is for long runs before a release.
//!
//! Run (nightly and `cargo install cargo-fuzz` needed):
//!
//! ```text
//! cd crates/leadtrack-badge/fuzz
//! cargo +nightly fuzz run parse -- -max_total_time=600 -max_len=70000
//! ```
//!
//! Seed it with real payloads for speed: `mkdir -p corpus/parse && cp ../tests/fixtures/* corpus/parse/`.

#![no_main]

use std::sync::OnceLock;

use leadtrack_badge::{parse, parse_bytes, BadgeProfile, Parsed};
use libfuzzer_sys::fuzz_target;

const PROFILES: &[&str] = &[
    include_str!("../../profiles/example.json"),
    r#"{"name": "Wrapped", "wrapper": {"start": "AT$", "end": "$AT"}, "id": {"chars": "hex", "min_len": 8}, "lookup": true}"#,
    r#"{"name": "Devoxx", "delimiter": "::", "fields": ["id", "last_name", "first_name", "company", "email"]}"#,
    r#"{"name": "Aptify", "id": {"chars": "digits", "min_len": 6, "strip_leading_zeros": true}}"#,
    r#"{"name": "Glob", "recognise": {"glob": "*?^*|*"}, "delimiter": "|", "fields": ["skip", "name", "id"]}"#,
];

fn profiles() -> &'static [BadgeProfile] {
    static LOADED: OnceLock<Vec<BadgeProfile>> = OnceLock::new();
    LOADED.get_or_init(|| PROFILES.iter().filter_map(|json| BadgeProfile::from_json(json).ok()).collect())
}

fn check(parsed: &Parsed) {
    for value in parsed.fields.values() {
        assert!(!value.chars().any(char::is_control), "control character in {value:?}");
        assert!(value.chars().count() <= 300, "field longer than 300 characters");
    }
}

fuzz_target!(|data: &[u8]| {
    let parsed = parse_bytes(data, None);
    check(&parsed);
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(parsed.raw, text);
        for profile in profiles() {
            let with_profile = parse(text, Some(profile));
            assert_eq!(with_profile.raw, text);
            check(&with_profile);
            check(&profile.try_sample(text));
        }
        // The same bytes as a profile: an error or a profile, never a panic.
        let _ = BadgeProfile::from_json(text);
    }
});
