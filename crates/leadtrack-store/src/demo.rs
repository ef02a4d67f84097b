//! The demo booth `cargo xtask run` opens on: one show, two reps, a manager and a few
//! leads in English, Chinese and Persian, so a newcomer sees a working booth at once.

use leadtrack_domain::assign::AssignProfile;
use leadtrack_domain::{CaptureForm, EventInput, Grade, LeadInput, NextAction, Role};

use crate::{Result, Store};

/// The demo people's PINs, as README lists them.
pub const DEMO_PINS: [(&str, &str); 3] = [("Dylan Zhang", "2580"), ("Mina Rahimi", "1357"), ("Lisa Wang", "2468")];

impl Store {
    /// Seeds the demo data into an empty store; does nothing (and returns false) when any
    /// show already exists.
    pub fn seed_demo(&self) -> Result<bool> {
        if !self.events()?.is_empty() {
            return Ok(false);
        }
        let event = self.create_event(EventInput {
            tag: "DEMO-EXPO-2026".into(),
            name: "Demo Expo 2026".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-26".into(),
            booth: "Hall 3, Booth C12".into(),
            country: "CN".into(),
            form: CaptureForm {
                required: vec!["name".into(), "company".into(), "grade".into()],
                interests: ["LED panels", "Smart lighting", "OEM / ODM", "Solar", "Distribution"]
                    .map(String::from)
                    .to_vec(),
                next_actions: NextAction::ALL.to_vec(),
                kiosk: Some(demo_kiosk_form()),
            },
        })?;
        let dylan = self.create_user("Dylan Zhang", "dylan@demo.leadtrack.app", Role::Rep)?;
        let mina = self.create_user("Mina Rahimi", "mina@demo.leadtrack.app", Role::Rep)?;
        let lisa = self.create_user("Lisa Wang", "lisa@demo.leadtrack.app", Role::Manager)?;
        // Known demo PINs (README, "Demo booth"): a demo nobody can sign in to is no demo.
        for (user, pin) in [(&dylan, DEMO_PINS[0].1), (&mina, DEMO_PINS[1].1), (&lisa, DEMO_PINS[2].1)] {
            self.set_secret_unchecked(&user.id, pin)?;
        }
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let manager = leadtrack_domain::Viewer::of(&lisa);
        let coverage = [
            (
                &dylan,
                AssignProfile {
                    regions: v(&["CN", "HK", "TW"]),
                    interests: v(&["LED panels", "OEM / ODM"]),
                    languages: v(&["zh", "en"]),
                },
            ),
            (
                &mina,
                AssignProfile {
                    regions: v(&["IR", "DE", "US"]),
                    interests: v(&["Smart lighting", "Solar"]),
                    languages: v(&["fa", "en"]),
                },
            ),
        ];
        for (user, profile) in coverage {
            self.set_assign_profile(&manager, &user.id, &profile)?;
        }
        let leads = [
            (
                &dylan,
                "王伟",
                "深圳华强照明有限公司",
                "采购经理",
                "+86 138 0013 8000",
                "wang.wei@huaqiang.example.cn",
                Some(Grade::A),
                "LED panels",
                "Needs 20k panels for a hotel chain by Q2; has budget.",
                Some(NextAction::SendQuote),
            ),
            (
                &mina,
                "رضا احمدی",
                "پارس روشنایی",
                "مدیر فنی",
                "+98 912 345 6789",
                "reza@pars-light.example.ir",
                Some(Grade::B),
                "Smart lighting",
                "Evaluating DALI controllers for next year.",
                Some(NextAction::TechnicalExchange),
            ),
            (
                &dylan,
                "Anna Müller",
                "Lichtwerk GmbH",
                "Head of Purchasing",
                "+49 30 901820",
                "a.mueller@lichtwerk.example.de",
                Some(Grade::C),
                "Distribution",
                "Wants the catalogue; decides in about two years.",
                Some(NextAction::MailSamples),
            ),
            (
                &mina,
                "James Carter",
                "Brightline Supply",
                "Owner",
                "+1 415 555 2671",
                "james@brightline.example.com",
                None,
                "",
                "",
                None,
            ),
        ];
        for (rep, name, company, title, phone, email, grade, interest, needs, next) in leads {
            self.create_lead(
                LeadInput {
                    event_id: event.id.clone(),
                    company: company.into(),
                    name: name.into(),
                    title: title.into(),
                    phone: phone.into(),
                    email: email.into(),
                    grade,
                    interests: if interest.is_empty() { vec![] } else { vec![interest.into()] },
                    key_needs: needs.into(),
                    next_action: next,
                    draft: grade.is_none(),
                    ..LeadInput::default()
                },
                &rep.id,
            )?;
        }
        self.set_setting("active_event", &event.id)?;
        Ok(true)
    }
}

/// The demo show's kiosk form: the default fields and consent, one qualifying question, and a
/// brochure link for the thank-you QR code.
fn demo_kiosk_form() -> leadtrack_domain::kiosk::KioskForm {
    use leadtrack_domain::kiosk::{KioskForm, KioskOption, KioskQuestion, QuestionKind};
    let text = |en: &str, zh: &str, fa: &str| {
        [("en", en), ("zh-CN", zh), ("fa", fa)].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    KioskForm {
        questions: vec![KioskQuestion {
            id: "purpose".into(),
            text: text("What brings you to our booth?", "您来展位的目的是？", "برای چه به غرفهٔ ما آمده‌اید؟"),
            kind: QuestionKind::Single,
            options: vec![
                KioskOption {
                    id: "buy".into(),
                    text: text("Buying for a project", "为项目采购", "خرید برای یک پروژه"),
                },
                KioskOption {
                    id: "source".into(),
                    text: text("Looking for a supplier", "寻找供应商", "یافتن تأمین‌کننده"),
                },
                KioskOption {
                    id: "browse".into(), text: text("Just looking around", "随便看看", "فقط بازدید")
                },
            ],
            required: false,
        }],
        brochure_url: "https://demo.leadtrack.app/brochure".into(),
        ..KioskForm::default()
    }
}
