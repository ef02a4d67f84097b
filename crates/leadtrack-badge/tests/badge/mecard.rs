//! MECARD and BIZCARD.

use crate::support::check;

#[test]
fn a_cvent_mecard_reads_conf_as_the_id_and_n_as_last_comma_first() {
    check(
        "MECARD:CONF:2WBCTIXLFURQT;N:Smith,Mary;TEL:+1555123;EMAIL:mary@email.com;TITLE:Director;ORG:TechCorp;;",
        "
        format: mecard
        id: 2WBCTIXLFURQT
        name: Mary Smith
        first_name: Mary
        last_name: Smith
        company: TechCorp
        title: Director
        email: mary@email.com
        phone: +1555123
        ",
    );
}

#[test]
fn an_eventmaker_mecard_reads_uid_as_the_id_and_n_as_a_full_name() {
    check(
        "MECARD:UID:187WCI5;N:Barbara Moore;ORG:Uber;TEL:+336093838383;",
        "
        format: mecard
        id: 187WCI5
        name: Barbara Moore
        first_name: Barbara
        last_name: Moore
        company: Uber
        phone: +336093838383
        ",
    );
}

#[test]
fn mecard_escapes_keep_semicolons_colons_and_commas_inside_values() {
    check(
        r"MECARD:N:Dupont\, Jr.,Jean;ORG:Dupont\; Fils \: Paris;NOTE:ignored;URL:https\://dupont.fr;;",
        "
        format: mecard
        name: Jean Dupont, Jr.
        first_name: Jean
        last_name: Dupont, Jr.
        company: Dupont; Fils : Paris
        website: https://dupont.fr
        ",
    );
}

#[test]
fn a_docomo_mecard_address_is_split_into_street_city_zip_and_country() {
    check(
        "MECARD:N:Tanaka,Hiroshi;ADR:,,1-2-3 Shibuya,Shibuya-ku,Tokyo,150-0002,Japan;EMAIL:hiroshi@example.jp;;",
        "
        format: mecard
        name: Hiroshi Tanaka
        first_name: Hiroshi
        last_name: Tanaka
        email: hiroshi@example.jp
        country: Japan
        address: 1-2-3 Shibuya, Shibuya-ku, Tokyo, 150-0002
        ",
    );
}

#[test]
fn a_chinese_mecard_name_keeps_family_name_first() {
    check(
        "MECARD:N:王,小明;ORG:北京科技有限公司;EMAIL:wang@example.cn;;",
        "
        format: mecard
        name: 王小明
        first_name: 小明
        last_name: 王
        company: 北京科技有限公司
        email: wang@example.cn
        ",
    );
}

#[test]
fn a_mecard_with_empty_and_missing_fields_reads_what_is_there() {
    check(
        "MECARD:N:;TEL:;EMAIL:solo@example.org;;;;",
        "
        format: mecard
        email: solo@example.org
        ",
    );
    check("MECARD:", "format: mecard");
}

#[test]
fn a_zxing_bizcard_reads_first_and_last_name_company_address_phone_and_email() {
    check(
        "BIZCARD:N:Sean;X:Owen;C:Google;A:123 Main St;M:+12225551212;E:srowen@example.org;",
        "
        format: bizcard
        name: Sean Owen
        first_name: Sean
        last_name: Owen
        company: Google
        email: srowen@example.org
        phone: +12225551212
        address: 123 Main St
        ",
    );
}

#[test]
fn a_bizcard_business_phone_beats_the_mobile_and_the_fax_is_ignored() {
    check(
        "BIZCARD:N:Ada;X:Obi;T:CTO;F:+1 555 999;M:+1 555 222;B:+1 555 111;A:1 Loop;A:Cupertino;;",
        "
        format: bizcard
        name: Ada Obi
        first_name: Ada
        last_name: Obi
        title: CTO
        phone: +1 555 111
        address: 1 Loop, Cupertino
        ",
    );
}
