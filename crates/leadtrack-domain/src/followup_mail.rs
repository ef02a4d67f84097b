//! Follow-up email drafts: templates with merge fields, rendered for one visitor, opened in
//! the rep's own mail client as a `mailto:` link or a generated `.eml` — one personal draft
//! at a time, never sent from here (seed 004: "注意不要群发邮件").
//!
//! Everything a visitor typed is plain text. Rendering is one pass (a company called
//! "{name}" stays "{name}"); a field with no value renders empty, never as its placeholder;
//! the subject loses CR/LF (no header injection); `mailto:` percent-encodes everything but
//! unreserved characters; the `.eml` encodes the subject as RFC 2047 words and the body as
//! base64.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::UnixMs;

/// The merge fields, by placeholder name (`{name}` …).
pub const FIELDS: [&str; 8] =
    ["name", "company", "show", "interests", "key_needs", "materials_shown", "quote_range", "rep_name"];

/// The values for one visitor; empty strings for what is unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeFields {
    pub name: String,
    pub company: String,
    pub show: String,
    pub interests: String,
    pub key_needs: String,
    pub materials_shown: String,
    pub quote_range: String,
    pub rep_name: String,
}

impl MergeFields {
    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "name" => &self.name,
            "company" => &self.company,
            "show" => &self.show,
            "interests" => &self.interests,
            "key_needs" => &self.key_needs,
            "materials_shown" => &self.materials_shown,
            "quote_range" => &self.quote_range,
            "rep_name" => &self.rep_name,
            _ => return None,
        })
    }
}

/// One template in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailTemplate {
    /// `a_thank_you`, `b_intro`, … or a situation (`signed_at_show`, `terms_not_agreed`,
    /// `samples_requested`, `casual_visitor`).
    pub id: String,
    /// `en`, `zh-CN` or `fa`.
    pub locale: String,
    pub subject: String,
    pub body: String,
}

/// The situations of seed 004 (工作任务二), offered next to the grade's own template.
pub const SITUATIONS: [&str; 4] = ["signed_at_show", "terms_not_agreed", "samples_requested", "casual_visitor"];

pub const LOCALES: [&str; 3] = ["en", "zh-CN", "fa"];

/// A rendered draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Draft {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Replaces every known `{field}` in one pass; unknown braces are left as written.
pub fn render_text(template: &str, fields: &MergeFields) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| fields.get(&after[..close]).map(|v| (close, v))) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Subject and body for `to`: the subject is one line whatever the visitor typed. A body line
/// that is only a label and fields (`Price range we discussed: {quote_range}`) is left out when
/// all its fields are empty, rather than sent as a bare label.
pub fn render(template: &EmailTemplate, fields: &MergeFields, to: &str) -> Draft {
    let body = template
        .body
        .split('\n')
        .filter(|line| !empty_labelled_line(line, fields))
        .map(|line| render_text(line, fields))
        .collect::<Vec<_>>()
        .join("\n");
    Draft { to: one_line(to), subject: one_line(&render_text(&template.subject, fields)), body }
}

fn empty_labelled_line(line: &str, fields: &MergeFields) -> bool {
    let empty = MergeFields::default();
    let used = FIELDS.iter().filter(|f| line.contains(&format!("{{{f}}}"))).collect::<Vec<_>>();
    let label = render_text(line, &empty);
    !used.is_empty()
        && used.iter().all(|f| fields.get(f).is_some_and(|v| v.trim().is_empty()))
        && (label.trim_end().ends_with(':') || label.trim_end().ends_with('：'))
}

/// CR, LF and other control characters become spaces; runs of spaces collapse.
pub fn one_line(s: &str) -> String {
    let replaced: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn percent_encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `mailto:` URL (RFC 6068): the address keeps `@`, everything else outside the unreserved
/// set is percent-encoded, and line breaks in the body are sent as CRLF.
pub fn mailto(draft: &Draft) -> String {
    let body = draft.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(&one_line(&draft.to), b"@"),
        percent_encode(&one_line(&draft.subject), b""),
        percent_encode(&body, b"")
    )
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n =
            (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An RFC 2047 header value: ASCII as is, else `=?UTF-8?B?…?=` words of at most 75
/// characters (split on character boundaries), folded with CRLF SP.
fn encoded_words(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.to_string();
    }
    // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 chars → at most 45 bytes per word.
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if i + c.len_utf8() - start > 45 {
            words.push(&s[start..end]);
            start = end;
        }
        end = i + c.len_utf8();
    }
    words.push(&s[start..end]);
    words.iter().map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes()))).collect::<Vec<_>>().join("\r\n ")
}

/// A draft as an RFC 5322 message with `X-Unsent: 1` (mail clients open it as a draft to
/// edit and send). `date` is the draft's creation time.
pub fn eml(draft: &Draft, date: UnixMs) -> String {
    let date = jiff::Timestamp::from_millisecond(date)
        .map(|t| t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string())
        .unwrap_or_default();
    let to: String = one_line(&draft.to).chars().filter(|c| !"<>,;\"()".contains(*c)).collect();
    let mut out = String::new();
    if !to.is_empty() {
        out.push_str(&format!("To: <{to}>\r\n"));
    }
    out.push_str(&format!("Subject: {}\r\n", encoded_words(&one_line(&draft.subject))));
    if !date.is_empty() {
        out.push_str(&format!("Date: {date}\r\n"));
    }
    out.push_str("X-Unsent: 1\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n");
    out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    let body = draft.body.replace("\r\n", "\n").replace('\n', "\r\n");
    let encoded = base64(body.as_bytes());
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}

/// The template to use: the show's own (`custom`) for this id and locale, else the default
/// in that locale, else the default in English.
pub fn pick<'a>(custom: &'a [EmailTemplate], id: &str, locale: &str) -> Option<std::borrow::Cow<'a, EmailTemplate>> {
    if let Some(t) = custom.iter().find(|t| t.id == id && t.locale == locale) {
        return Some(std::borrow::Cow::Borrowed(t));
    }
    let defaults = defaults();
    defaults
        .iter()
        .find(|t| t.id == id && t.locale == locale)
        .or_else(|| defaults.iter().find(|t| t.id == id && t.locale == "en"))
        .cloned()
        .map(std::borrow::Cow::Owned)
}

/// The built-in templates: the playbook's emails per grade (seed 001) and the four
/// situations of seed 004, in English, Chinese and Persian.
pub fn defaults() -> Vec<EmailTemplate> {
    DEFAULTS
        .iter()
        .map(|(id, locale, subject, body)| EmailTemplate {
            id: (*id).into(),
            locale: (*locale).into(),
            subject: (*subject).into(),
            body: (*body).into(),
        })
        .collect()
}

type Row = (&'static str, &'static str, &'static str, &'static str);

const DEFAULTS: &[Row] = &[
    ("a_thank_you", "en", "Thank you for visiting us at {show}",
     "Dear {name},\n\nThank you for taking the time to talk with us at {show}. You mentioned {key_needs}; based on your interest in {interests}, I have put together the most relevant material for {company}.\n\nMaterials we looked at: {materials_shown}\nPrice range we discussed: {quote_range}\n\nI will call you tomorrow to go through the details of your project.\n\nBest regards,\n{rep_name}"),
    ("a_thank_you", "zh-CN", "感谢您在{show}莅临我们的展位",
     "尊敬的{name}:\n\n感谢您在{show}与我们交流。您提到了{key_needs};根据您对{interests}的兴趣,我们为{company}整理了最相关的资料。\n\n现场展示的资料:{materials_shown}\n讨论的价格区间:{quote_range}\n\n我将于明天致电,与您详细沟通项目细节。\n\n此致\n敬礼\n{rep_name}"),
    ("a_thank_you", "fa", "سپاس از بازدید شما از غرفهٔ ما در {show}",
     "{name} گرامی،\n\nسپاس که در {show} با ما گفت‌وگو کردید. به {key_needs} اشاره کردید؛ بر پایهٔ علاقهٔ شما به {interests}، مرتبط‌ترین مطالب را برای {company} آماده کرده‌ام.\n\nمطالبی که دیدیم: {materials_shown}\nبازهٔ قیمتی که گفت‌وگو شد: {quote_range}\n\nفردا برای بررسی جزئیات پروژه با شما تماس می‌گیرم.\n\nبا احترام،\n{rep_name}"),
    ("a_second_touch", "en", "{company}: case studies and a live demo",
     "Dear {name},\n\nFollowing our conversation at {show}, here are case studies from customers with needs like yours ({key_needs}). Would a 30-minute online demo next week suit you?\n\nBest regards,\n{rep_name}"),
    ("a_second_touch", "zh-CN", "{company}:补充案例与线上演示",
     "尊敬的{name}:\n\n继{show}交流之后,附上与您需求({key_needs})相近客户的案例。下周安排一次30分钟的线上演示是否方便?\n\n此致\n敬礼\n{rep_name}"),
    ("a_second_touch", "fa", "{company}: نمونه‌های موفق و نمایش آنلاین",
     "{name} گرامی،\n\nدر ادامهٔ گفت‌وگوی ما در {show}، نمونه‌هایی از مشتریانی با نیازهای مشابه ({key_needs}) را می‌فرستم. آیا یک نمایش آنلاین ۳۰ دقیقه‌ای در هفتهٔ آینده برایتان مناسب است؟\n\nبا احترام،\n{rep_name}"),
    ("b_intro", "en", "Good to meet you at {show}",
     "Dear {name},\n\nThank you for stopping by our booth at {show}. As promised, here is an introduction to our products for {interests}.\n\nWhenever your plans take shape, I am glad to help {company}.\n\nBest regards,\n{rep_name}"),
    ("b_intro", "zh-CN", "很高兴在{show}认识您",
     "尊敬的{name}:\n\n感谢您在{show}莅临我们的展位。如约附上我们在{interests}方面的产品介绍。\n\n贵司({company})的计划明确时,我们随时乐意提供帮助。\n\n此致\n敬礼\n{rep_name}"),
    ("b_intro", "fa", "از آشنایی با شما در {show} خوشحالیم",
     "{name} گرامی،\n\nسپاس که در {show} به غرفهٔ ما سر زدید. همان‌طور که قول داده بودم، معرفی محصولات ما در زمینهٔ {interests} پیوست است.\n\nهر زمان برنامه‌های {company} روشن شد، با کمال میل کمک می‌کنم.\n\nبا احترام،\n{rep_name}"),
    ("b_webinar", "en", "Invitation: online product seminar",
     "Dear {name},\n\nWe are holding an online seminar on {interests} and would be glad to see you and your colleagues at {company} there. Reply to this email and I will send you the link.\n\nBest regards,\n{rep_name}"),
    ("b_webinar", "zh-CN", "邀请:线上产品研讨会",
     "尊敬的{name}:\n\n我们将举办关于{interests}的线上研讨会,诚邀您和{company}的同事参加。回复本邮件即可获取参会链接。\n\n此致\n敬礼\n{rep_name}"),
    ("b_webinar", "fa", "دعوت: سمینار آنلاین محصولات",
     "{name} گرامی،\n\nسمیناری آنلاین دربارهٔ {interests} برگزار می‌کنیم و خوشحال می‌شویم شما و همکارانتان در {company} شرکت کنید. به این ایمیل پاسخ دهید تا پیوند را بفرستم.\n\nبا احترام،\n{rep_name}"),
    ("b_check_in", "en", "How are your plans coming along?",
     "Dear {name},\n\nIt has been a month since we met at {show}. How are your plans for {interests} coming along? If anything has changed at {company}, I would be glad to hear about it.\n\nBest regards,\n{rep_name}"),
    ("b_check_in", "zh-CN", "近来项目进展如何?",
     "尊敬的{name}:\n\n自{show}一别已有一个月。您在{interests}方面的计划进展如何?如{company}的需求有变化,欢迎随时告诉我。\n\n此致\n敬礼\n{rep_name}"),
    ("b_check_in", "fa", "برنامه‌هایتان چطور پیش می‌رود؟",
     "{name} گرامی،\n\nیک ماه از دیدار ما در {show} می‌گذرد. برنامه‌های شما دربارهٔ {interests} چطور پیش می‌رود؟ اگر در {company} چیزی تغییر کرده، خوشحال می‌شوم بدانم.\n\nبا احترام،\n{rep_name}"),
    ("c_thank_you", "en", "Thank you for visiting us at {show}",
     "Dear {name},\n\nThank you for visiting our booth at {show}. Our catalogue is attached for your reference; we will keep you posted on news that matters to {company}.\n\nBest regards,\n{rep_name}"),
    ("c_thank_you", "zh-CN", "感谢您参观我们在{show}的展位",
     "尊敬的{name}:\n\n感谢您参观我们在{show}的展位。附上产品目录供您参考,我们会持续向{company}分享相关资讯。\n\n此致\n敬礼\n{rep_name}"),
    ("c_thank_you", "fa", "سپاس از بازدید شما در {show}",
     "{name} گرامی،\n\nسپاس از بازدید شما از غرفهٔ ما در {show}. کاتالوگ ما برای مراجعه پیوست است و اخبار مرتبط با {company} را برایتان می‌فرستیم.\n\nبا احترام،\n{rep_name}"),
    ("signed_at_show", "en", "Our agreement at {show}: next steps",
     "Dear {name},\n\nThank you again for the agreement we signed at {show}. To get your order moving, here is the proforma invoice for the range we agreed ({quote_range}) and the schedule for the deposit, production and delivery.\n\nPlease confirm, and let me know if anything needs adjusting.\n\nBest regards,\n{rep_name}"),
    ("signed_at_show", "zh-CN", "{show}签约后续事宜",
     "尊敬的{name}:\n\n再次感谢您在{show}与我们签约。为推进订单,附上按约定价格({quote_range})开具的形式发票,以及订金、生产和交货的时间安排。\n\n请确认,如需调整请随时告诉我。\n\n此致\n敬礼\n{rep_name}"),
    ("signed_at_show", "fa", "قرارداد ما در {show}: گام‌های بعدی",
     "{name} گرامی،\n\nبار دیگر از قراردادی که در {show} امضا کردیم سپاسگزارم. برای پیشبرد سفارش، پیش‌فاکتور بر پایهٔ بازهٔ توافق‌شده ({quote_range}) و زمان‌بندی پیش‌پرداخت، تولید و تحویل پیوست است.\n\nلطفاً تأیید کنید و اگر نیاز به تغییری هست، خبر دهید.\n\nبا احترام،\n{rep_name}"),
    ("terms_not_agreed", "en", "A proposal on the open points from {show}",
     "Dear {name},\n\nThank you for the open discussion at {show}. I have taken the points we could not settle back to my team, and we can now propose a solution on {key_needs}.\n\nCould we talk this week to see whether it works for {company}?\n\nBest regards,\n{rep_name}"),
    ("terms_not_agreed", "zh-CN", "关于{show}未谈妥条款的新方案",
     "尊敬的{name}:\n\n感谢您在{show}的坦诚交流。对当时未能谈妥的条款,我已与团队商议,现就{key_needs}提出新的方案。\n\n本周是否方便通话,看看是否适合{company}?\n\n此致\n敬礼\n{rep_name}"),
    ("terms_not_agreed", "fa", "پیشنهادی دربارهٔ موارد باز از {show}",
     "{name} گرامی،\n\nاز گفت‌وگوی صریح در {show} سپاسگزارم. مواردی را که به توافق نرسیدیم با تیمم بررسی کردم و اکنون دربارهٔ {key_needs} پیشنهادی داریم.\n\nآیا این هفته می‌توانیم صحبت کنیم تا ببینیم برای {company} مناسب است؟\n\nبا احترام،\n{rep_name}"),
    ("samples_requested", "en", "Your samples from {show}",
     "Dear {name},\n\nAs requested at {show}, we are preparing samples of {interests} for {company}. Please confirm the delivery address and any specifications ({key_needs}) so we can send them this week.\n\nBest regards,\n{rep_name}"),
    ("samples_requested", "zh-CN", "您在{show}索取的样品",
     "尊敬的{name}:\n\n按您在{show}的要求,我们正在为{company}准备{interests}的样品。请确认收货地址及规格要求({key_needs}),以便本周寄出。\n\n此致\n敬礼\n{rep_name}"),
    ("samples_requested", "fa", "نمونه‌هایی که در {show} خواستید",
     "{name} گرامی،\n\nبنا به درخواست شما در {show}، نمونه‌های {interests} را برای {company} آماده می‌کنیم. لطفاً نشانی تحویل و مشخصات ({key_needs}) را تأیید کنید تا این هفته ارسال کنیم.\n\nبا احترام،\n{rep_name}"),
    ("casual_visitor", "en", "Nice to meet you at {show}",
     "Dear {name},\n\nThank you for stopping by at {show}. In case it is useful later, our catalogue is attached. If {company} ever needs {interests}, I am one email away.\n\nBest regards,\n{rep_name}"),
    ("casual_visitor", "zh-CN", "很高兴在{show}与您相识",
     "尊敬的{name}:\n\n感谢您在{show}驻足交流。附上产品目录,供日后参考。{company}如有{interests}方面的需求,欢迎随时联系我。\n\n此致\n敬礼\n{rep_name}"),
    ("casual_visitor", "fa", "از آشنایی با شما در {show} خوشحال شدم",
     "{name} گرامی،\n\nسپاس که در {show} به ما سر زدید. کاتالوگ ما برای استفادهٔ بعدی پیوست است. اگر {company} روزی به {interests} نیاز داشت، با یک ایمیل در خدمتم.\n\nبا احترام،\n{rep_name}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> MergeFields {
        MergeFields {
            name: "王伟".into(),
            company: "Acme".into(),
            show: "Canton Fair".into(),
            interests: "pumps, valves".into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_default_template_exists_in_every_locale_and_names_only_known_fields() {
        let all = defaults();
        let ids: std::collections::BTreeSet<_> = all.iter().map(|t| t.id.clone()).collect();
        assert_eq!(ids.len(), 10);
        for id in &ids {
            for locale in LOCALES {
                let t =
                    all.iter().find(|t| &t.id == id && t.locale == locale).unwrap_or_else(|| panic!("{id} {locale}"));
                let full = MergeFields {
                    name: "x".into(),
                    company: "x".into(),
                    show: "x".into(),
                    interests: "x".into(),
                    key_needs: "x".into(),
                    materials_shown: "x".into(),
                    quote_range: "x".into(),
                    rep_name: "x".into(),
                };
                let d = render(t, &full, "");
                assert!(!d.subject.contains('{') && !d.body.contains('{'), "{id} {locale} has an unknown field");
            }
        }
        for s in SITUATIONS {
            assert!(ids.contains(s));
        }
    }

    #[test]
    fn missing_fields_render_empty_and_unknown_braces_stay() {
        assert_eq!(
            render_text("Hi {name} from {company}, {quote_range}! {unknown} {", &fields()),
            "Hi 王伟 from Acme, ! {unknown} {"
        );
    }

    #[test]
    fn a_label_line_whose_fields_are_all_empty_is_left_out() {
        let t = EmailTemplate {
            id: "x".into(),
            locale: "en".into(),
            subject: "s".into(),
            body: "Hi {name},\nMaterials we looked at: {materials_shown}\n现场展示的资料:{materials_shown}\nPrice: {quote_range}\nBye".into(),
        };
        let f = MergeFields { name: "Li".into(), quote_range: "USD 1–2".into(), ..Default::default() };
        assert_eq!(render(&t, &f, "").body, "Hi Li,\nPrice: USD 1–2\nBye");
    }

    #[test]
    fn a_visitor_value_that_looks_like_a_placeholder_is_not_expanded() {
        let f = MergeFields {
            name: "{company}".into(),
            company: "{rep_name}".into(),
            rep_name: "Li".into(),
            ..Default::default()
        };
        assert_eq!(render_text("{name}/{company}/{rep_name}", &f), "{company}/{rep_name}/Li");
    }

    #[test]
    fn a_subject_never_carries_a_line_break_into_the_headers() {
        let f = MergeFields { company: "Evil\r\nBcc: all@corp.example\nX: y".into(), ..Default::default() };
        let t = EmailTemplate {
            id: "x".into(),
            locale: "en".into(),
            subject: "About {company}".into(),
            body: "{company}".into(),
        };
        let d = render(&t, &f, "a@b.example\r\nCc: c@d.example");
        assert_eq!(d.subject, "About Evil Bcc: all@corp.example X: y");
        assert!(!d.to.contains('\n'));
        let message = eml(&d, 0);
        let headers = message.split("\r\n\r\n").next().unwrap();
        assert!(headers.lines().all(|l| !l.starts_with("Bcc") && !l.starts_with("Cc") && !l.starts_with("X:")));
    }

    #[test]
    fn mailto_encodes_everything_that_could_start_another_parameter() {
        let d = Draft {
            to: "wang@acme.example?cc=boss@x.example".into(),
            subject: "Q&A: 50% off? #1".into(),
            body: "Line 1\nLine 2 & more=yes".into(),
        };
        let url = mailto(&d);
        assert_eq!(
            url,
            "mailto:wang@acme.example%3Fcc%3Dboss@x.example?subject=Q%26A%3A%2050%25%20off%3F%20%231\
             &body=Line%201%0D%0ALine%202%20%26%20more%3Dyes"
        );
    }

    #[test]
    fn eml_encodes_a_non_ascii_subject_in_words_of_at_most_75_characters() {
        let d = Draft {
            to: "w@acme.example".into(),
            subject: "感谢您在中国进出口商品交易会莅临我们的展位,期待与贵司的长期合作".into(),
            body: "正文\n第二行".into(),
        };
        let m = eml(&d, 1_779_000_000_000);
        assert!(m.contains("\r\nMIME-Version: 1.0\r\n"));
        assert!(m.split("\r\n").all(|l| l.len() <= 998));
        let subject: Vec<&str> = m
            .split("\r\n")
            .skip_while(|l| !l.starts_with("Subject:"))
            .take_while(|l| l.starts_with("Subject:") || l.starts_with(' '))
            .collect();
        assert!(subject.len() > 1, "folded");
        let mut decoded = Vec::new();
        for line in &subject {
            let word = line.trim_start_matches("Subject:").trim();
            assert!(word.len() <= 75 && word.starts_with("=?UTF-8?B?") && word.ends_with("?="), "{word}");
            decoded.extend(unbase64(&word[10..word.len() - 2]));
        }
        assert_eq!(String::from_utf8(decoded).unwrap(), d.subject);
        let body = m.split("\r\n\r\n").nth(1).unwrap().replace("\r\n", "");
        assert_eq!(String::from_utf8(unbase64(&body)).unwrap(), "正文\r\n第二行");
        assert!(m.contains("Date: Sun, 17 May 2026"));
    }

    fn unbase64(s: &str) -> Vec<u8> {
        let val = |c: u8| B64.iter().position(|&b| b == c).unwrap() as u32;
        let bytes: Vec<u8> = s.bytes().filter(|&b| b != b'=').collect();
        let mut out = Vec::new();
        for chunk in bytes.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= val(c) << (18 - 6 * i);
            }
            for i in 0..chunk.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }

    #[test]
    fn a_shows_own_template_wins_and_a_missing_locale_falls_back_to_english() {
        let custom =
            vec![EmailTemplate { id: "b_intro".into(), locale: "fa".into(), subject: "S".into(), body: "B".into() }];
        assert_eq!(pick(&custom, "b_intro", "fa").unwrap().subject, "S");
        assert_eq!(pick(&custom, "b_intro", "zh-CN").unwrap().subject, "很高兴在{show}认识您");
        assert_eq!(pick(&custom, "b_intro", "de").unwrap().locale, "en");
        assert!(pick(&custom, "nope", "en").is_none());
    }
}
