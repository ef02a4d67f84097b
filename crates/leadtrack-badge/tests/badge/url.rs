//! URL badges.

use crate::support::check;

#[test]
fn an_id_query_parameter_is_the_attendee_id() {
    let cases = [
        ("https://reg.example.com/scan?id=000123", "000123"),
        ("https://reg.example.com/scan?event=42&attendee_id=A-77&id=9", "A-77"),
        ("https://reg.example.com/b?badge=REG-123", "REG-123"),
        ("http://x.io/?regid=55501", "55501"),
        ("https://x.io/lead?uid=abc123def", "abc123def"),
        ("https://x.io/l?badgeId=B%2D1001", "B-1001"),
    ];
    for (input, id) in cases {
        check(input, &format!("format: url\nid: {id}"));
    }
}

#[test]
fn the_last_id_looking_path_segment_is_the_attendee_id() {
    let cases = [
        (
            "https://pgconf.example.org/t/at/5e0f7a1c9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f/",
            "5e0f7a1c9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f",
        ),
        ("https://events.example.com/2025/attendees/48213", "48213"),
        ("https://events.example.com/a/REG-00917/profile", "REG-00917"),
        ("https://app.example.com/#/attendee/7731", "7731"),
        ("www.example.com/badge/2WBCTIXLFURQT", "2WBCTIXLFURQT"),
    ];
    for (input, id) in cases {
        check(input, &format!("format: url\nid: {id}"));
    }
}

#[test]
fn contact_query_parameters_fill_fields() {
    check(
        "https://lead.example.com/c?first_name=Mar%C3%ADa&last_name=Garc%C3%ADa&company=Acme+Iberia&email=maria%40acme.es&id=77",
        "
        format: url
        id: 77
        name: María García
        first_name: María
        last_name: García
        company: Acme Iberia
        email: maria@acme.es
        ",
    );
}

#[test]
fn a_url_without_an_id_is_the_persons_website() {
    check(
        "https://www.linkedin.com/in/john-doe-1a2b3c4",
        "format: url\nwebsite: https://www.linkedin.com/in/john-doe-1a2b3c4",
    );
    check("https://janedoe.dev/about", "format: url\nwebsite: https://janedoe.dev/about");
    check("https://example.com/blog/my-trip-2024", "format: url\nwebsite: https://example.com/blog/my-trip-2024");
}
