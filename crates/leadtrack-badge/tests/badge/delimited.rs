//! Delimited records without a profile (profiles.rs has the per-show column orders).

use crate::support::{assert_warns, check};

#[test]
fn a_cvent_caret_record_is_read_in_cvent_order() {
    let p = check(
        "J3NHHSZN2VK^John^Smith^john@email.com^Director^TechCorp^NewYork^^10001^+1555234",
        "
        format: delimited
        id: J3NHHSZN2VK
        name: John Smith
        first_name: John
        last_name: Smith
        company: TechCorp
        title: Director
        email: john@email.com
        phone: +1555234
        address: NewYork, 10001
        ",
    );
    assert_warns(&p, "no badge profile");
}

#[test]
fn the_same_record_with_other_delimiters_reads_the_same() {
    for delimiter in ["|", "*", "%", "\t"] {
        let input = [
            "J3NHHSZN2VK",
            "John",
            "Smith",
            "john@email.com",
            "Director",
            "TechCorp",
            "NewYork",
            "",
            "10001",
            "+1555234",
        ]
        .join(delimiter);
        let parsed = leadtrack_badge::parse(&input, None);
        assert_eq!(parsed.format, leadtrack_badge::Format::Delimited, "{delimiter:?}");
        assert_eq!(parsed.attendee_id.as_deref(), Some("J3NHHSZN2VK"), "{delimiter:?}");
        assert_eq!(parsed.fields.email, "john@email.com", "{delimiter:?}");
    }
}

#[test]
fn devoxx_double_colon_records_are_read_in_both_editions_orders() {
    check(
        "48211::Janssens::Pieter::Ordina::pieter.janssens@ordina.be",
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
    check(
        "B-2291::Pieter::Janssens::Architect::nl,en::Antwerp::Belgium::pieter@ordina.be",
        "
        format: delimited
        id: B-2291
        name: Pieter Janssens
        first_name: Pieter
        last_name: Janssens
        title: Architect
        email: pieter@ordina.be
        country: Belgium
        address: Antwerp
        ",
    );
}

#[test]
fn an_aptify_caret_list_has_its_id_last() {
    check(
        "AieshaAaronson_DanubePartner^2427",
        "
        format: delimited
        id: 2427
        name: AieshaAaronson
        company: DanubePartner
        ",
    );
}

#[test]
fn a_rainfocus_record_of_unknown_length_is_guessed_with_a_warning() {
    let p = check(
        "155148186443500172ft^Brian^Trainor^btrainor@example.com",
        "
        format: delimited
        id: 155148186443500172ft
        name: Brian Trainor
        first_name: Brian
        last_name: Trainor
        email: btrainor@example.com
        ",
    );
    assert_warns(&p, "guessed");
}

#[test]
fn a_pipe_record_with_a_full_name_and_phone_is_guessed_by_shape() {
    check(
        "Liu Yang|+86 21 5555 1234|liu.yang@example.cn|REG-4410",
        "
        format: delimited
        id: REG-4410
        name: Liu Yang
        first_name: Liu
        last_name: Yang
        email: liu.yang@example.cn
        phone: +86 21 5555 1234
        ",
    );
}

#[test]
fn ordinary_text_with_a_percent_or_star_is_not_delimited() {
    check("50% off today", "format: unknown");
    check("*000012*", "format: bare_id\nid: 000012");
}
