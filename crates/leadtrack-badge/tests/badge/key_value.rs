//! key:value lists.

use crate::support::check;

#[test]
fn a_devoxx_semicolon_list_reads_known_keys_and_ignores_the_rest() {
    check(
        "name:Ana Souza;email:ana@example.com.br;language:pt;age:30-39;gender:F;company:Nubank;city:São Paulo;country:Brazil;proglang:Kotlin;jobtitle:Android Lead",
        "
        format: key_value
        name: Ana Souza
        first_name: Ana
        last_name: Souza
        company: Nubank
        title: Android Lead
        email: ana@example.com.br
        country: Brazil
        address: São Paulo
        ",
    );
}

#[test]
fn a_newline_list_with_spaces_and_capitals_is_read() {
    check(
        "Name: Fatemeh Karimi\r\nCompany: Tehran Tech\r\nJob Title: CTO\r\nE-mail: f.karimi@tehrantech.ir\r\nPhone: +98 912 345 6789\r\nBadge ID: 000731\r\n",
        "
        format: key_value
        id: 000731
        name: Fatemeh Karimi
        first_name: Fatemeh
        last_name: Karimi
        company: Tehran Tech
        title: CTO
        email: f.karimi@tehrantech.ir
        phone: +98 912 345 6789
        ",
    );
}

#[test]
fn equals_signs_work_as_separators_too() {
    check("id=3391;email=tom@example.com", "format: key_value\nid: 3391\nemail: tom@example.com");
}

#[test]
fn free_text_with_a_colon_is_not_a_key_value_list() {
    check("Meeting at 10:30 in hall B", "format: unknown");
    check("Note: call me", "format: unknown");
}
