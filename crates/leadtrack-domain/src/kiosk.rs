//! Kiosk rules that need no IO: what a staff PIN may be and how long wrong guesses lock the
//! kiosk. The store keeps the hash and the counters; the shell enforces them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{FieldError, ValidationErrors};

/// Wrong PINs in a row before the kiosk stops taking guesses.
pub const PIN_ATTEMPTS: u32 = 5;
/// The first lockout; each further round of wrong PINs doubles it, up to [`MAX_LOCKOUT_MS`].
pub const FIRST_LOCKOUT_MS: i64 = 5 * 60 * 1000;
pub const MAX_LOCKOUT_MS: i64 = 60 * 60 * 1000;

/// A PIN as typed on any keyboard with ASCII digits: Persian (۰–۹) and Arabic-Indic (٠–٩)
/// digits become 0–9, so staff can use the keyboard the kiosk was left on.
pub fn normalize_pin(pin: &str) -> String {
    pin.trim()
        .chars()
        .map(|c| match c {
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            c => c,
        })
        .collect()
}

/// A staff PIN: 4 to 12 digits (a touch screen's number pad), not all the same digit and not a
/// plain run like 1234 — the first things a curious visitor tries.
pub fn check_pin(pin: &str) -> Result<(), ValidationErrors> {
    let digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    let error = |code: &str, message: &str| ValidationErrors { fields: vec![FieldError::new("pin", code, message)] };
    if digits.len() != pin.chars().count() || !(4..=12).contains(&digits.len()) {
        return Err(error("invalid_pin", "A PIN is 4 to 12 digits."));
    }
    let same = digits.windows(2).all(|w| w[0] == w[1]);
    let up = digits.windows(2).all(|w| w[1] == (w[0] + 1) % 10);
    let down = digits.windows(2).all(|w| w[0] == (w[1] + 1) % 10);
    if same || up || down {
        return Err(error("weak_pin", "Choose a PIN that is not one digit repeated or a run like 1234."));
    }
    Ok(())
}

/// How long the kiosk refuses PINs after `failures` wrong ones in a row: nothing until
/// [`PIN_ATTEMPTS`], then 5 minutes, doubling with every further round, at most an hour.
pub fn lockout_ms(failures: u32) -> Option<i64> {
    if failures == 0 || !failures.is_multiple_of(PIN_ATTEMPTS) {
        return None;
    }
    let round = failures / PIN_ATTEMPTS - 1;
    Some(FIRST_LOCKOUT_MS.saturating_mul(1i64 << round.min(20)).min(MAX_LOCKOUT_MS))
}

/// Text in each language the kiosk offers (`en`, `zh-CN`, `fa`); a missing one falls back to
/// English, then to any.
pub type Localized = std::collections::BTreeMap<String, String>;

/// Picks `lang`'s text, else English, else the first there is.
pub fn localized<'a>(text: &'a Localized, lang: &str) -> &'a str {
    text.get(lang).or_else(|| text.get("en")).or_else(|| text.values().next()).map_or("", String::as_str)
}

fn texts(en: &str, zh: &str, fa: &str) -> Localized {
    [("en", en), ("zh-CN", zh), ("fa", fa)].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The visitor's registration form at one show (MISSION capability 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct KioskForm {
    /// Contact fields shown, in order: `name`, `company`, `title`, `email`, `phone`, `country`.
    pub fields: Vec<String>,
    /// Of those, the ones a visitor must fill.
    pub required: Vec<String>,
    /// Extra questions that qualify the visitor ("What brings you here?").
    pub questions: Vec<KioskQuestion>,
    pub consent: KioskConsent,
    /// Seconds without a touch before the countdown that wipes the form.
    pub idle_seconds: u32,
    /// Where the thank-you screen's QR code points (the brochure or a landing page); empty = no QR.
    pub brochure_url: String,
}

/// Mirrored for the form editor in `ui/src/features/kiosk-admin/defaultForm.ts`
/// (`the_ui_mirrors_the_default_kiosk_form` keeps the two in step).
impl Default for KioskForm {
    fn default() -> Self {
        KioskForm {
            fields: ["name", "company", "title", "email", "phone", "country"].map(String::from).to_vec(),
            required: vec!["name".into(), "email".into()],
            questions: Vec::new(),
            consent: KioskConsent::default(),
            idle_seconds: 60,
            brochure_url: String::new(),
        }
    }
}

/// Contact fields a kiosk form may show.
pub const KIOSK_FIELDS: [&str; 6] = ["name", "company", "title", "email", "phone", "country"];

impl KioskForm {
    /// Checks what a manager typed: known fields, required ones shown, questions with unique
    /// ids, English text and (for choices) options, a consent version, a sane idle time.
    pub fn validated(mut self) -> Result<KioskForm, ValidationErrors> {
        let mut errors = Vec::new();
        self.fields.retain(|f| KIOSK_FIELDS.contains(&f.as_str()));
        self.fields.dedup();
        self.required.retain(|f| self.fields.contains(f));
        if self.fields.is_empty() {
            errors.push(FieldError::new("fields", "no_fields", "Show at least one field."));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let field = format!("questions.{i}");
            let bad_id = q.id.trim().is_empty() || !ids.insert(q.id.trim().to_string());
            let no_text = localized(&q.text, "en").trim().is_empty();
            let no_options = q.kind != QuestionKind::Text && q.options.len() < 2;
            let bad_option =
                q.options.iter().any(|o| o.id.trim().is_empty() || localized(&o.text, "en").trim().is_empty());
            if bad_id || no_text || no_options || bad_option {
                errors.push(FieldError::new(
                    &field,
                    "invalid_question",
                    "Each question needs its own id, a text and, for choices, at least two options.",
                ));
            }
        }
        if self.consent.version.trim().is_empty() || localized(&self.consent.statement, "en").trim().is_empty() {
            errors.push(FieldError::new("consent", "invalid_consent", "The consent needs a version and a statement."));
        }
        if !(15..=600).contains(&self.idle_seconds) {
            errors.push(FieldError::new("idle_seconds", "invalid_idle", "The idle time is 15 to 600 seconds."));
        }
        ValidationErrors::result(errors)?;
        Ok(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of the options.
    Single,
    /// Any of the options.
    Multi,
    /// Free text.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskQuestion {
    /// Stable within the show, so answers survive a reworded question.
    pub id: String,
    pub text: Localized,
    pub kind: QuestionKind,
    pub options: Vec<KioskOption>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskOption {
    pub id: String,
    pub text: Localized,
}

/// The consent a visitor gives by ticking boxes (never pre-ticked). The statement and each
/// channel's wording are stored with the lead as shown, with `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct KioskConsent {
    /// Changes whenever the wording does ("2026-11-v1").
    pub version: String,
    pub statement: Localized,
    pub channels: Vec<ConsentChannel>,
}

impl Default for KioskConsent {
    fn default() -> Self {
        KioskConsent {
            version: "2026-11-v1".into(),
            statement: texts(
                "We keep the details you give here to follow up on your visit. Choose how we may contact you; you can withdraw at any time.",
                "我们会保存您在此填写的信息，用于跟进您的来访。请选择我们可以联系您的方式；您可随时撤回同意。",
                "اطلاعاتی را که اینجا می‌دهید برای پیگیری بازدیدتان نگه می‌داریم. انتخاب کنید چگونه با شما تماس بگیریم؛ هر زمان می‌توانید رضایت خود را پس بگیرید.",
            ),
            channels: vec![
                ConsentChannel {
                    channel: "email".into(),
                    text: texts("You may email me about this visit and your products.", "可以通过电子邮件联系我，介绍此次来访和贵公司产品。", "می‌توانید دربارهٔ این بازدید و محصولاتتان به من ایمیل بزنید."),
                },
                ConsentChannel {
                    channel: "phone".into(),
                    text: texts("You may call or message me.", "可以给我打电话或发消息。", "می‌توانید با من تماس بگیرید یا پیام دهید."),
                },
            ],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentChannel {
    /// `email`, `phone`, `whatsapp`, `wechat`, `post`…
    pub channel: String,
    pub text: Localized,
}

/// The consent stored with a lead: what the visitor saw, in their language, and what they ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Consent {
    pub version: String,
    pub language: String,
    /// The statement exactly as shown.
    pub statement: String,
    /// The channels ticked, each with the wording shown next to its box.
    pub channels: Vec<ConsentGiven>,
    #[ts(type = "number")]
    pub given_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentGiven {
    pub channel: String,
    pub text: String,
}

/// A visitor's answer to one qualifying question, kept with the wording they saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answer {
    pub question_id: String,
    pub question: String,
    /// Option ids for single/multi questions, the typed text for a text question.
    pub values: Vec<String>,
    /// The options' wording as shown, parallel to `values` (empty for text).
    pub labels: Vec<String>,
}

/// What the kiosk form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskRegistration {
    pub company: String,
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    /// The show's interest tags the visitor picked.
    pub interests: Vec<String>,
    /// question id → option ids (or one typed text).
    pub answers: std::collections::BTreeMap<String, Vec<String>>,
    /// The consent channels ticked.
    pub consent: Vec<String>,
    /// The language the visitor used (`en`, `zh-CN`, `fa`).
    pub language: String,
    pub badge_raw: Option<String>,
    pub badge_format: Option<String>,
    pub attendee_id: Option<String>,
}

/// Languages the kiosk speaks.
pub const LANGUAGES: [&str; 3] = ["en", "zh-CN", "fa"];

/// A registration checked against the show's kiosk form: the lead to save (source kiosk), the
/// consent given (`None` when no box was ticked) and the answers, each with the wording shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub input: crate::LeadInput,
    pub consent: Option<Consent>,
    pub answers: Vec<Answer>,
}

/// Checks what a visitor sent against `form` (required fields and questions, known options and
/// consent channels, a language the kiosk offers) and turns it into a lead for `event_id`.
/// Interest tags not offered by the show are dropped: a visitor cannot invent the show's tags.
/// The contact fields themselves are checked by `validate::lead` when the store saves.
pub fn registration(
    reg: KioskRegistration,
    form: &KioskForm,
    event: &crate::Event,
    now: i64,
) -> Result<ValidRegistration, ValidationErrors> {
    let mut errors = Vec::new();
    let language = if LANGUAGES.contains(&reg.language.as_str()) { reg.language.clone() } else { "en".to_string() };
    let shown = |field: &str| form.fields.iter().any(|f| f == field);
    let value = |field: &str| match field {
        "company" => &reg.company,
        "name" => &reg.name,
        "title" => &reg.title,
        "email" => &reg.email,
        "phone" => &reg.phone,
        _ => &reg.country,
    };
    for field in &form.required {
        if shown(field) && value(field).trim().is_empty() {
            errors.push(FieldError::required(field));
        }
    }
    let mut answers = Vec::new();
    for q in &form.questions {
        let given: Vec<String> = reg
            .answers
            .get(&q.id)
            .into_iter()
            .flatten()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        let field = format!("question.{}", q.id);
        if given.is_empty() {
            if q.required {
                errors.push(FieldError::new(&field, "required", "Please answer this question."));
            }
            continue;
        }
        let labels: Option<Vec<String>> = match q.kind {
            QuestionKind::Text => Some(Vec::new()),
            QuestionKind::Single if given.len() > 1 => None,
            QuestionKind::Single | QuestionKind::Multi => given
                .iter()
                .map(|v| q.options.iter().find(|o| &o.id == v).map(|o| localized(&o.text, &language).to_string()))
                .collect(),
        };
        let too_long = q.kind == QuestionKind::Text && (given.len() > 1 || given[0].chars().count() > 2_000);
        match labels {
            Some(labels) if !too_long => answers.push(Answer {
                question_id: q.id.clone(),
                question: localized(&q.text, &language).to_string(),
                values: given,
                labels,
            }),
            _ => errors.push(FieldError::new(&field, "invalid_answer", "This answer is not one of the choices.")),
        }
    }
    let mut ticked = Vec::new();
    for channel in &reg.consent {
        match form.consent.channels.iter().find(|c| &c.channel == channel) {
            Some(c) if !ticked.iter().any(|t: &ConsentGiven| &t.channel == channel) => ticked
                .push(ConsentGiven { channel: c.channel.clone(), text: localized(&c.text, &language).to_string() }),
            Some(_) => {}
            None => errors.push(FieldError::new("consent", "invalid_consent", "Unknown consent choice.")),
        }
    }
    ValidationErrors::result(errors)?;
    let consent = (!ticked.is_empty()).then(|| Consent {
        version: form.consent.version.clone(),
        language: language.clone(),
        statement: localized(&form.consent.statement, &language).to_string(),
        channels: ticked,
        given_at: now,
    });
    let interests = reg.interests.into_iter().filter(|t| event.form.interests.contains(t)).collect();
    let input = crate::LeadInput {
        event_id: event.id.clone(),
        company: reg.company,
        name: reg.name,
        title: reg.title,
        phone: reg.phone,
        email: reg.email,
        country: reg.country,
        interests,
        source: Some(crate::LeadSource::Kiosk),
        badge_raw: reg.badge_raw,
        badge_format: reg.badge_format,
        attendee_id: reg.attendee_id,
        ..Default::default()
    };
    Ok(ValidRegistration { input, consent, answers })
}

/// Kiosk mode as the settings screen and the shell see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KioskStatus {
    /// The show visitors register for while kiosk mode is on; `None` = kiosk mode off.
    pub event_id: Option<String>,
    pub pin_set: bool,
}

/// What a staff PIN check came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum PinCheck {
    Accepted,
    /// Wrong; `attempts_left` before the lockout.
    Wrong {
        attempts_left: u32,
    },
    /// No guesses taken until then (unix ms), right or wrong.
    LockedOut {
        #[ts(type = "number")]
        until: i64,
    },
    /// No PIN has been set: the kiosk cannot be left that way (and was not started).
    NotSet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_that_a_visitor_would_guess_first_are_refused() {
        for ok in ["2580", "739146", "000100", "31415926"] {
            assert_eq!(check_pin(ok), Ok(()), "{ok}");
        }
        for (bad, code) in [
            ("123", "invalid_pin"),
            ("12a4", "invalid_pin"),
            ("1111", "weak_pin"),
            ("1234", "weak_pin"),
            ("9876", "weak_pin"),
            ("7890", "weak_pin"),
            ("", "invalid_pin"),
            ("١٢٣٤", "weak_pin"),
        ] {
            assert_eq!(check_pin(&normalize_pin(bad)).unwrap_err().fields[0].code, code, "{bad}");
        }
        assert_eq!(normalize_pin(" ۲۵۸۰ "), "2580", "Persian digits");
        assert_eq!(normalize_pin("٢٥٨٠"), "2580", "Arabic-Indic digits");
    }

    fn show() -> crate::Event {
        let form = KioskForm {
            questions: vec![KioskQuestion {
                id: "why".into(),
                text: texts("Why are you here?", "您为何而来？", "چرا اینجا هستید؟"),
                kind: QuestionKind::Single,
                options: vec![
                    KioskOption { id: "buy".into(), text: texts("To buy", "采购", "خرید") },
                    KioskOption { id: "look".into(), text: texts("To look around", "随便看看", "بازدید") },
                ],
                required: true,
            }],
            ..KioskForm::default()
        };
        crate::Event {
            id: "e1".into(),
            tag: "T".into(),
            name: "Show".into(),
            starts_on: String::new(),
            ends_on: String::new(),
            booth: String::new(),
            country: "DE".into(),
            badge_profile: None,
            form: crate::CaptureForm { interests: vec!["LED".into()], kiosk: Some(form), ..Default::default() },
        }
    }

    fn reg() -> KioskRegistration {
        KioskRegistration {
            name: "王伟".into(),
            email: "wang@example.cn".into(),
            interests: vec!["LED".into(), "<script>".into()],
            answers: [("why".to_string(), vec!["buy".to_string()])].into(),
            consent: vec!["email".into()],
            language: "zh-CN".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_registration_becomes_a_kiosk_lead_with_the_consent_and_answers_as_shown() {
        let event = show();
        let form = event.form.kiosk.clone().unwrap();
        let v = registration(reg(), &form, &event, 42).unwrap();
        assert_eq!(v.input.source, Some(crate::LeadSource::Kiosk));
        assert_eq!(v.input.interests, vec!["LED"], "tags the show does not offer are dropped");
        let consent = v.consent.unwrap();
        assert_eq!((consent.language.as_str(), consent.given_at, consent.channels.len()), ("zh-CN", 42, 1));
        assert!(consent.statement.starts_with("我们会保存"));
        assert_eq!(consent.channels[0].text, "可以通过电子邮件联系我，介绍此次来访和贵公司产品。");
        assert_eq!(v.answers[0].question, "您为何而来？");
        assert_eq!(v.answers[0].labels, vec!["采购"]);
        let none = registration(KioskRegistration { consent: vec![], ..reg() }, &form, &event, 42).unwrap();
        assert_eq!(none.consent, None, "no box ticked, no consent");
    }

    #[test]
    fn missing_and_forged_answers_are_refused_per_field() {
        let event = show();
        let form = event.form.kiosk.clone().unwrap();
        let bad = KioskRegistration {
            email: " ".into(),
            answers: [("why".to_string(), vec!["hack".to_string()])].into(),
            consent: vec!["fax".into()],
            ..reg()
        };
        let err = registration(bad, &form, &event, 0).unwrap_err();
        let codes: Vec<_> = err.fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(
            codes,
            vec![("email", "required"), ("question.why", "invalid_answer"), ("consent", "invalid_consent")]
        );
        let unanswered = KioskRegistration { answers: Default::default(), ..reg() };
        assert_eq!(registration(unanswered, &form, &event, 0).unwrap_err().fields[0].field, "question.why");
    }

    #[test]
    fn the_ui_mirrors_the_default_kiosk_form() {
        let ts = include_str!("../../../ui/src/features/kiosk-admin/defaultForm.ts");
        let form = KioskForm::default();
        let quoted = |s: &str| format!("\"{s}\"");
        let mut expected = vec![
            format!("version: {}", quoted(&form.consent.version)),
            format!("idle_seconds: {},", form.idle_seconds),
            format!("required: [{}]", form.required.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(", ")),
            format!("KIOSK_FIELDS = [{}]", KIOSK_FIELDS.map(quoted).join(", ")),
        ];
        expected.extend(form.consent.statement.values().map(|t| quoted(t)));
        for c in &form.consent.channels {
            expected.push(format!("channel: {}", quoted(&c.channel)));
            expected.extend(c.text.values().map(|t| quoted(t)));
        }
        for text in expected {
            assert!(ts.contains(&text), "defaultForm.ts lacks {text}");
        }
    }

    #[test]
    fn lockouts_start_at_five_wrong_pins_and_double_up_to_an_hour() {
        assert_eq!((1..5).map(lockout_ms).collect::<Vec<_>>(), vec![None; 4]);
        assert_eq!(lockout_ms(5), Some(5 * 60_000));
        assert_eq!(lockout_ms(6), None);
        assert_eq!(lockout_ms(10), Some(10 * 60_000));
        assert_eq!(lockout_ms(15), Some(20 * 60_000));
        assert_eq!(lockout_ms(40), Some(60 * 60_000));
        assert_eq!(lockout_ms(u32::MAX / 5 * 5), Some(60 * 60_000));
    }
}
