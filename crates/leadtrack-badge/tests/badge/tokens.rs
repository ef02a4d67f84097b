//! Wrapped tokens, email-only payloads, bare ids and unknown payloads.

use crate::support::{assert_warns, check};

#[test]
fn a_pgeu_wrapped_token_is_unwrapped_into_the_attendee_id() {
    check(
        "AT$8c4f2a9e1b7d3c5f6a8e0b2d4f6a8c0e1b3d5f7a$AT",
        "format: wrapped_token\nid: 8c4f2a9e1b7d3c5f6a8e0b2d4f6a8c0e1b3d5f7a",
    );
    check("ID$deadbeefcafe$ID", "format: wrapped_token\nid: deadbeefcafe");
    // An opaque token (base64-ish, no digit) is still the id when it is wrapped.
    check("AT$abc+def/ghi=$AT", "format: wrapped_token\nid: abc+def/ghi=");
}

#[test]
fn a_wrapped_payload_is_parsed_inside() {
    check(
        "QR$MECARD:UID:771;N:Moore,Barbara;;$QR",
        "
        format: wrapped_token
        id: 771
        name: Barbara Moore
        first_name: Barbara
        last_name: Moore
        ",
    );
}

#[test]
fn an_email_only_payload_fills_the_email() {
    check("mary.smith@company.com", "format: email\nemail: mary.smith@company.com");
    check("mailto:sales@example.org?subject=Hi", "format: email\nemail: sales@example.org");
}

#[test]
fn bare_ids_are_kept_exactly_as_printed() {
    let cases = [
        "000123",
        "000012",
        "REG-123",
        "12.345.678",
        "1234.56.7890",
        "SBpax001",
        "2WBCTIXLFURQT",
        "155148186443500172ft",
        "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
    ];
    for id in cases {
        check(id, &format!("format: bare_id\nid: {id}"));
    }
}

#[test]
fn a_keyboard_wedge_terminator_around_an_id_is_trimmed_but_kept_in_raw() {
    check("\u{2}000123\r\n", "format: bare_id\nid: 000123");
}

#[test]
fn a_single_word_is_not_an_id() {
    let p = check("hello", "format: unknown");
    assert_warns(&p, "not recognised");
}

#[test]
fn an_unknown_text_keeps_raw_and_picks_out_an_email() {
    let p = check(
        "Visit our booth! Contact: Sam Lee <sam.lee@example.com>, Sales",
        "format: unknown\nemail: sam.lee@example.com",
    );
    assert_warns(&p, "email address was picked out");
}

#[test]
fn an_empty_payload_is_unknown_with_a_warning() {
    for input in ["", "   ", "\r\n\t"] {
        let p = check(input, "format: unknown");
        assert_warns(&p, "empty");
    }
}
