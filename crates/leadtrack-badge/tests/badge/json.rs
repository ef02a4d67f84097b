//! JSON badges.

use crate::support::check;

#[test]
fn key_spellings_from_different_registration_systems_are_all_understood() {
    let expected = "
        format: json
        id: 4411
        name: Mary Smith
        first_name: Mary
        last_name: Smith
        company: TechCorp
        email: mary@techcorp.com
    ";
    for input in [
        r#"{"firstName":"Mary","lastName":"Smith","company":"TechCorp","email":"mary@techcorp.com","badgeId":"4411"}"#,
        r#"{"first_name":"Mary","last_name":"Smith","organization":"TechCorp","mail":"mary@techcorp.com","id":4411}"#,
        r#"{"fname":"Mary","lname":"Smith","org":"TechCorp","Email":"mary@techcorp.com","regId":"4411"}"#,
        r#"{"FirstName":"Mary","Surname":"Smith","Organisation":"TechCorp","E-Mail":"mary@techcorp.com","attendeeId":4411}"#,
    ] {
        check(input, expected);
    }
}

#[test]
fn a_nested_attendee_object_is_read_but_an_unrelated_event_id_is_not() {
    check(
        r#"{"event":{"id":7,"name":"TechExpo"},"attendee":{"id":"A-1002","contact":{"name":{"first":"Reza","last":"Ahmadi"},"email":"reza@example.ir"},"company":{"name":"Pars Co"}}}"#,
        "
        format: json
        id: A-1002
        name: Reza Ahmadi
        first_name: Reza
        last_name: Ahmadi
        company: Pars Co
        email: reza@example.ir
        ",
    );
}

#[test]
fn the_better_named_key_wins_whatever_its_position() {
    check(
        r#"{"id":"9","mail":"old@example.com","attendee_id":"555","email":"new@example.com"}"#,
        "
        format: json
        id: 555
        email: new@example.com
        ",
    );
}

#[test]
fn an_address_object_and_numbers_and_arrays_are_read() {
    check(
        r#"{"name":"Lina Park","phone":4915112345678,"emails":["x"],"email":["lina@example.kr","other@example.kr"],"address":{"zip":"04524","city":"Seoul","street":"1 Sejong-daero","country":"KR"},"vip":true,"notes":null}"#,
        "
        format: json
        name: Lina Park
        first_name: Lina
        last_name: Park
        email: lina@example.kr
        phone: 4915112345678
        country: KR
        address: 1 Sejong-daero, Seoul, 04524
        ",
    );
}

#[test]
fn a_json_list_reads_its_first_object() {
    check(r#"[{"email":"a@example.com"},{"email":"b@example.com"}]"#, "format: json\nemail: a@example.com");
}

#[test]
fn json_that_is_not_an_object_is_not_json_format() {
    check("[1,2,3]", "format: unknown");
    check(r#"{"name": "broken"#, "format: unknown");
}
