//! vCard 2.1, 3.0 and 4.0.

use crate::support::{assert_warns, check, crlf};

#[test]
fn a_passkit_vcard_30_badge_fills_name_company_title_phone_and_email() {
    check(
        include_str!("../fixtures/vcard30_passkit.vcf"),
        "
        format: vcard
        name: Mr. Percy PassKit
        first_name: Percy
        last_name: PassKit
        company: PassKit
        title: Support Lead
        email: support@passkit.com
        phone: (123) 456-7890
        ",
    );
}

#[test]
fn crlf_and_lf_line_ends_read_the_same() {
    let lf = include_str!("../fixtures/vcard30_passkit.vcf");
    let a = leadtrack_badge::parse(lf, None);
    let b = leadtrack_badge::parse(&crlf(lf), None);
    assert_eq!(a.fields, b.fields);
    let cr_only = lf.replace('\n', "\r");
    assert_eq!(leadtrack_badge::parse(&cr_only, None).fields, a.fields);
}

#[test]
fn a_quoted_printable_vcard_21_name_is_decoded() {
    check(
        include_str!("../fixtures/vcard21_qp_chinese.vcf"),
        "
        format: vcard
        name: 王小明
        first_name: 小明
        last_name: 王
        company: 北京科技有限公司
        title: 销售总监
        email: wang.xiaoming@example.cn
        phone: +86 10 8888 6666
        ",
    );
}

#[test]
fn a_quoted_printable_soft_line_break_joins_the_value_with_crlf_too() {
    let p = check(
        &crlf(include_str!("../fixtures/vcard21_qp_chinese.vcf")),
        "
        format: vcard
        name: 王小明
        first_name: 小明
        last_name: 王
        company: 北京科技有限公司
        title: 销售总监
        email: wang.xiaoming@example.cn
        phone: +86 10 8888 6666
        ",
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_persian_quoted_printable_name_keeps_its_letters_and_word_order() {
    check(
        include_str!("../fixtures/vcard21_qp_persian.vcf"),
        "
        format: vcard
        name: علی رضایی
        first_name: علی
        last_name: رضایی
        company: Pars Data Co.
        email: ali.rezaei@parsdata.ir
        ",
    );
}

#[test]
fn a_persian_vcard_30_keeps_the_zero_width_non_joiner_and_reads_the_address() {
    let p = check(
        include_str!("../fixtures/vcard30_persian.vcf"),
        "
        format: vcard
        name: سارا محمدی
        first_name: سارا
        last_name: محمدی
        company: شرکت نرم‌افزاری آریا
        title: مدیر فروش
        email: sara.mohammadi@arya-soft.ir
        phone: +98 21 8876 5432
        country: ایران
        address: خیابان ولیعصر ۱۲, تهران, 1966
        ",
    );
    assert!(p.fields.company.contains('\u{200C}'));
}

#[test]
fn a_vcard_40_prefers_the_pref_email_and_phone_and_skips_the_photo() {
    check(
        include_str!("../fixtures/vcard40_full.vcf"),
        "
        format: vcard
        id: 4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
        name: Dr. Jane Q. Doe
        first_name: Jane
        last_name: Doe
        company: Example Robotics GmbH
        title: Head of Research
        email: jane.doe@example-robotics.de
        phone: +49-30-1234567
        country: Germany
        address: Unter den Linden 5, Berlin, 10117
        website: https://example-robotics.de/team/jane
        ",
    );
}

#[test]
fn an_eventyay_vcard_padded_with_blank_lines_yields_its_id_and_asks_for_a_lookup() {
    let p = check(
        include_str!("../fixtures/eventyay_padded.vcf"),
        "
        format: vcard
        id: 941
        ",
    );
    assert!(p.needs_lookup());
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn folded_lines_are_unfolded() {
    check(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maximilian Alexander\r\n  von Humboldt\r\nEMAIL:max@exa\r\n mple.org\r\nEND:VCARD\r\n",
        "
        format: vcard
        name: Maximilian Alexander von Humboldt
        first_name: Maximilian Alexander von
        last_name: Humboldt
        email: max@example.org
        ",
    );
}

#[test]
fn structured_n_and_org_honour_escaped_separators() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nN:O'Brien\\;Smith;Mary;Ann;Ms.;PhD\nORG:Smith\\, Jones \\& Co.;Legal\nEND:VCARD",
        r"
        format: vcard
        name: Mary O'Brien;Smith
        first_name: Mary
        last_name: O'Brien;Smith
        company: Smith, Jones \& Co.
        ",
    );
}

#[test]
fn a_vcard_without_fn_composes_the_name_from_n() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nN:Nakamura;Yuki;;;\nEND:VCARD",
        "
        format: vcard
        name: Yuki Nakamura
        first_name: Yuki
        last_name: Nakamura
        ",
    );
    check(
        "BEGIN:VCARD\nVERSION:3.0\nN:王;小明;;;\nEND:VCARD",
        "
        format: vcard
        name: 王小明
        first_name: 小明
        last_name: 王
        ",
    );
}

#[test]
fn a_vcard_without_a_name_still_gives_its_email() {
    // Google's barcode API reads this as plain TEXT; we do not.
    check(
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=INTERNET:lee@example.com\nEND:VCARD",
        "
        format: vcard
        email: lee@example.com
        ",
    );
}

#[test]
fn empty_properties_and_unknown_properties_are_ignored() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nFN:\nN:;;;;\nEMAIL:\nTEL:\nX-FOO:bar\nNOTE:Met at booth 12\nFN:Ana Lima\nEND:VCARD",
        "
        format: vcard
        name: Ana Lima
        first_name: Ana
        last_name: Lima
        ",
    );
}

#[test]
fn a_full_name_put_in_n_is_read_as_a_full_name() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nN:John Smith\nEND:VCARD",
        "
        format: vcard
        name: John Smith
        first_name: John
        last_name: Smith
        ",
    );
}

#[test]
fn grouped_properties_and_lower_case_names_are_read() {
    check(
        "begin:vcard\nversion:3.0\nitem1.EMAIL;type=INTERNET:kim@example.kr\nitem1.X-ABLabel:work\nfn:Kim Min-jun\nend:vcard",
        "
        format: vcard
        name: Kim Min-jun
        first_name: Kim
        last_name: Min-jun
        email: kim@example.kr
        ",
    );
}

#[test]
fn an_explicit_x_attendee_id_beats_the_uid() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nUID:card-77\nX-ATTENDEE-ID:000123\nFN:Bo Li\nEND:VCARD",
        "
        format: vcard
        id: 000123
        name: Bo Li
        first_name: Bo
        last_name: Li
        ",
    );
}

#[test]
fn a_fax_number_is_not_taken_as_the_phone() {
    check(
        "BEGIN:VCARD\nVERSION:2.1\nTEL;WORK;FAX:+1 555 000 0000\nTEL;WORK;VOICE:+1 555 111 2222\nEND:VCARD",
        "
        format: vcard
        phone: +1 555 111 2222
        ",
    );
}

#[test]
fn latin1_quoted_printable_is_decoded_by_its_charset() {
    check(
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e M=FCller\nEND:VCARD",
        "
        format: vcard
        name: Renée Müller
        first_name: Renée
        last_name: Müller
        ",
    );
}

#[test]
fn a_role_fills_the_title_only_when_there_is_no_title() {
    check(
        "BEGIN:VCARD\nVERSION:3.0\nROLE:Buyer\nTITLE:Purchasing Manager\nEND:VCARD",
        "
        format: vcard
        title: Purchasing Manager
        ",
    );
    check(
        "BEGIN:VCARD\nVERSION:3.0\nROLE:Buyer\nEND:VCARD",
        "
        format: vcard
        title: Buyer
        ",
    );
}

#[test]
fn a_cut_off_vcard_is_read_as_far_as_it_goes_with_a_warning() {
    let p = check(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Olu Ade\nEMAIL:olu@exam",
        "
        format: vcard
        name: Olu Ade
        first_name: Olu
        last_name: Ade
        email: olu@exam
        ",
    );
    assert_warns(&p, "no END:VCARD");
}

#[test]
fn only_the_first_of_two_vcards_is_read() {
    let p = check(
        "BEGIN:VCARD\nFN:First One\nEND:VCARD\nBEGIN:VCARD\nFN:Second One\nEND:VCARD",
        "
        format: vcard
        name: First One
        first_name: First
        last_name: One
        ",
    );
    assert_warns(&p, "more than one vCard");
}

#[test]
fn leading_blank_lines_and_a_trailing_scanner_terminator_are_ignored() {
    check(
        "\r\n\r\nBEGIN:VCARD\r\nFN:Ana Lima\r\nEND:VCARD\r\n\r\n\t",
        "
        format: vcard
        name: Ana Lima
        first_name: Ana
        last_name: Lima
        ",
    );
}
