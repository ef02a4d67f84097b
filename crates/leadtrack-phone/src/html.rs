//! The phone pages as plain server-rendered HTML: no JavaScript, inline CSS only, nothing
//! loaded from anywhere. Every piece of text that is not ours — what the visitor typed, the
//! show's questions, consent wording, names — goes through [`esc`].

use std::fmt::Write;

use leadtrack_domain::kiosk::{localized, KioskForm, KioskRegistration, QuestionKind};
use leadtrack_domain::{Event, FieldError};

use crate::i18n::{Lang, Texts};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:17px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',Tahoma,sans-serif;background:#f4f6f8;color:#1a1b1e}\
main{max-width:34rem;margin:0 auto;padding:1rem 1rem 3rem}\
h1{font-size:1.5rem;margin:.5rem 0}\
.show{color:#495057;margin:0 0 1rem}\
nav{display:flex;gap:.5rem;justify-content:flex-end;flex-wrap:wrap}\
nav a{display:inline-flex;align-items:center;min-height:48px;padding:0 .75rem;border-radius:8px;color:#1864ab}\
nav a[aria-current]{font-weight:700;color:#1a1b1e;text-decoration:none}\
label,legend{display:block;font-weight:600;margin:1rem 0 .25rem}\
.req{font-weight:400;color:#c92a2a;font-size:.85em;margin-inline-start:.35rem}\
.hint{display:block;font-weight:400;color:#495057;font-size:.9em}\
input[type=text],input[type=email],input[type=tel],textarea{width:100%;min-height:48px;padding:.6rem .75rem;font:inherit;border:1px solid #adb5bd;border-radius:8px;background:#fff}\
textarea{min-height:6rem}\
fieldset{border:0;padding:0;margin:0}\
.choice{display:flex;align-items:center;gap:.6rem;min-height:48px;font-weight:400;margin:0}\
.choice input{width:1.4rem;height:1.4rem;flex:none}\
.err{color:#c92a2a;margin:.25rem 0 0;font-weight:600}\
.bad input[type=text],.bad input[type=email],.bad input[type=tel],.bad textarea{border:2px solid #c92a2a}\
.summary{border:2px solid #c92a2a;background:#fff5f5;border-radius:8px;padding:.75rem;margin:1rem 0}\
.statement{color:#343a40}\
button{display:block;width:100%;min-height:52px;margin-top:1.5rem;font:inherit;font-weight:700;color:#fff;background:#1971c2;border:0;border-radius:8px}\
.brochure{display:inline-flex;align-items:center;min-height:48px;padding:0 1rem;margin-top:1rem;border-radius:8px;background:#1971c2;color:#fff;font-weight:700;text-decoration:none}";

/// The common frame: language, direction, switcher, and `body`.
fn page(lang: Lang, title: &str, body: &str) -> String {
    let mut nav = String::new();
    for l in Lang::ALL {
        let current = if l == lang { " aria-current=\"page\"" } else { "" };
        let _ = write!(
            nav,
            "<a href=\"?lang={code}\" hreflang=\"{code}\" lang=\"{code}\"{current}>{name}</a>",
            code = l.code(),
            name = l.endonym()
        );
    }
    format!(
        "<!doctype html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{title}</title><style>{CSS}</style></head>\
         <body><main><nav>{nav}</nav>{body}</main></body></html>",
        code = lang.code(),
        dir = lang.dir(),
        title = esc(title),
    )
}

/// A page that only says something: an expired code, a closed booth, too many requests.
pub fn message(lang: Lang, title: &str, text: &str) -> String {
    page(lang, title, &format!("<h1>{}</h1><p>{}</p>", esc(title), esc(text)))
}

/// The thank-you page: the visitor's own name and, when the show has one, the brochure link.
pub fn thanks(lang: Lang, name: &str, brochure_url: &str) -> String {
    let t = lang.texts();
    let heading = if name.trim().is_empty() {
        esc(t.thanks_title)
    } else {
        esc(t.thanks_named).replace("{name}", &esc(name.trim()))
    };
    let mut body = format!("<h1>{heading}</h1><p>{}</p>", esc(t.thanks_body));
    // Only a web link: anything else (javascript:, data:) is not a brochure.
    let url = brochure_url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        let _ = write!(
            body,
            "<p><a class=\"brochure\" href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>",
            esc(url),
            esc(t.brochure)
        );
    }
    page(lang, t.thanks_title, &body)
}

/// The registration form of `event`'s kiosk `form`, posting to `action`, with what the visitor
/// typed so far (`typed`) and the errors it had.
pub struct FormPage<'a> {
    pub lang: Lang,
    pub event: &'a Event,
    pub form: &'a KioskForm,
    pub action: &'a str,
    pub typed: &'a KioskRegistration,
    pub errors: &'a [FieldError],
}

impl FormPage<'_> {
    pub fn render(&self) -> String {
        let t = self.lang.texts();
        let code = self.lang.code();
        let mut b = String::new();
        let _ = write!(b, "<h1>{}</h1>", esc(t.register));
        let show = [self.event.name.as_str(), self.event.booth.as_str()]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = write!(b, "<p class=\"show\">{show}</p><p>{}</p>", esc(t.intro));
        if !self.errors.is_empty() {
            let _ = write!(b, "<p class=\"summary\" role=\"alert\">{}</p>", esc(t.fix));
        }
        let _ = write!(
            b,
            "<form method=\"post\" action=\"{}?lang={code}\" accept-charset=\"utf-8\">\
             <input type=\"hidden\" name=\"lang\" value=\"{code}\">",
            esc(self.action)
        );
        for field in &self.form.fields {
            self.contact_field(&mut b, t, field);
        }
        self.interests(&mut b, t);
        for (i, q) in self.form.questions.iter().enumerate() {
            let key = format!("question.{}", q.id);
            let name = format!("q.{}", q.id);
            let given = self.typed.answers.get(&q.id).cloned().unwrap_or_default();
            let errors = self.errors_for(&key);
            let bad = if errors.is_empty() { "" } else { " class=\"bad\"" };
            let req =
                if q.required { format!("<span class=\"req\">{}</span>", esc(t.required)) } else { String::new() };
            let text = esc(localized(&q.text, code));
            if q.kind == QuestionKind::Text {
                let _ = write!(
                    b,
                    "<div{bad}><label for=\"q{i}\">{text}{req}</label><textarea id=\"q{i}\" name=\"{}\" maxlength=\"2000\" dir=\"auto\"{}>{}</textarea>{errors}</div>",
                    esc(&name),
                    if q.required { " required" } else { "" },
                    esc(given.first().map_or("", String::as_str)),
                );
                continue;
            }
            let kind = if q.kind == QuestionKind::Single { "radio" } else { "checkbox" };
            let _ = write!(b, "<fieldset{bad}><legend>{text}{req}</legend>");
            for o in &q.options {
                let checked = if given.contains(&o.id) { " checked" } else { "" };
                let _ = write!(
                    b,
                    "<label class=\"choice\"><input type=\"{kind}\" name=\"{}\" value=\"{}\"{checked}>{}</label>",
                    esc(&name),
                    esc(&o.id),
                    esc(localized(&o.text, code)),
                );
            }
            let _ = write!(b, "{errors}</fieldset>");
        }
        self.consent(&mut b, t);
        let _ = write!(b, "<button type=\"submit\">{}</button></form>", esc(t.send));
        // Errors about nothing on the page (the show closed meanwhile, say) go at the end.
        let shown = |f: &str| {
            self.form.fields.iter().any(|x| x == f)
                || matches!(f, "consent" | "interests")
                || self.form.questions.iter().any(|q| f == format!("question.{}", q.id))
        };
        for e in self.errors.iter().filter(|e| !shown(&e.field)) {
            let _ = write!(b, "<p class=\"err\">{}</p>", esc(t.error(&e.code)));
        }
        page(self.lang, t.register, &b)
    }

    fn contact_field(&self, b: &mut String, t: &Texts, field: &str) {
        let (kind, autocomplete, extra) = match field {
            "name" => ("text", "name", " maxlength=\"300\" dir=\"auto\""),
            "company" => ("text", "organization", " maxlength=\"300\" dir=\"auto\""),
            "title" => ("text", "organization-title", " maxlength=\"300\" dir=\"auto\""),
            "email" => ("email", "email", " maxlength=\"300\" inputmode=\"email\" autocapitalize=\"off\" dir=\"ltr\""),
            "phone" => ("tel", "tel", " maxlength=\"300\" inputmode=\"tel\" dir=\"ltr\""),
            "country" => ("text", "country", " maxlength=\"2\" autocapitalize=\"characters\" dir=\"ltr\""),
            _ => return,
        };
        let required = self.form.required.iter().any(|r| r == field);
        let value = match field {
            "name" => &self.typed.name,
            "company" => &self.typed.company,
            "title" => &self.typed.title,
            "email" => &self.typed.email,
            "phone" => &self.typed.phone,
            _ => &self.typed.country,
        };
        let errors = self.errors_for(field);
        let _ = write!(
            b,
            "<div{bad}><label for=\"f-{field}\">{label}{req}{hint}</label>\
             <input type=\"{kind}\" id=\"f-{field}\" name=\"{field}\" autocomplete=\"{autocomplete}\"{extra}{required} value=\"{value}\">{errors}</div>",
            bad = if errors.is_empty() { "" } else { " class=\"bad\"" },
            label = esc(t.field(field)),
            req = if required { format!("<span class=\"req\">{}</span>", esc(t.required)) } else { String::new() },
            hint = if field == "country" {
                format!("<span class=\"hint\">{}</span>", esc(t.country_hint))
            } else {
                String::new()
            },
            required = if required { " required" } else { "" },
            value = esc(value),
        );
    }

    fn interests(&self, b: &mut String, t: &Texts) {
        if self.event.form.interests.is_empty() {
            return;
        }
        let _ = write!(b, "<fieldset><legend>{}</legend>", esc(t.interests));
        for tag in &self.event.form.interests {
            let checked = if self.typed.interests.contains(tag) { " checked" } else { "" };
            let _ = write!(
                b,
                "<label class=\"choice\"><input type=\"checkbox\" name=\"interest\" value=\"{v}\"{checked}>{v}</label>",
                v = esc(tag)
            );
        }
        let _ = write!(b, "{}</fieldset>", self.errors_for("interests"));
    }

    /// The statement and one box per channel, unticked unless this visitor ticked it.
    fn consent(&self, b: &mut String, t: &Texts) {
        let consent = &self.form.consent;
        let code = self.lang.code();
        let _ = write!(
            b,
            "<fieldset><legend>{}</legend><p class=\"statement\">{}</p>",
            esc(t.consent),
            esc(localized(&consent.statement, code))
        );
        for c in &consent.channels {
            let checked = if self.typed.consent.contains(&c.channel) { " checked" } else { "" };
            let _ = write!(
                b,
                "<label class=\"choice\"><input type=\"checkbox\" name=\"consent\" value=\"{}\"{checked}>{}</label>",
                esc(&c.channel),
                esc(localized(&c.text, code)),
            );
        }
        let _ = write!(b, "{}</fieldset>", self.errors_for("consent"));
    }

    fn errors_for(&self, field: &str) -> String {
        let t = self.lang.texts();
        let mut out = String::new();
        for e in self.errors.iter().filter(|e| e.field == field) {
            let _ = write!(out, "<p class=\"err\">{}</p>", esc(t.error(&e.code)));
        }
        out
    }
}

/// What the visitor sent: form pairs (`name`, `interest`×n, `q.<id>`×n, `consent`×n, `lang`)
/// as a registration. Unknown keys are ignored; the store checks the rest.
pub fn registration(pairs: impl Iterator<Item = (String, String)>, lang: Lang) -> KioskRegistration {
    let mut reg = KioskRegistration { language: lang.code().to_string(), ..Default::default() };
    for (key, value) in pairs {
        match key.as_str() {
            "name" => reg.name = value,
            "company" => reg.company = value,
            "title" => reg.title = value,
            "email" => reg.email = value,
            "phone" => reg.phone = value,
            "country" => reg.country = value.trim().to_uppercase(),
            "interest" => reg.interests.push(value),
            "consent" => reg.consent.push(value),
            _ => {
                if let Some(id) = key.strip_prefix("q.") {
                    reg.answers.entry(id.to_string()).or_default().push(value);
                }
            }
        }
    }
    reg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_ampersands_are_escaped() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(esc("王伟 رضا"), "王伟 رضا");
    }

    #[test]
    fn a_brochure_link_is_only_a_web_link_and_the_name_is_escaped() {
        let page = thanks(Lang::En, "<b>Eve</b>", "javascript:alert(1)");
        assert!(page.contains("Thank you, &lt;b&gt;Eve&lt;/b&gt;!"), "{page}");
        assert!(!page.contains("javascript:"));
        let page = thanks(Lang::Fa, "رضا", "https://example.com/a?b=1&c=\"2\"");
        assert!(page.contains("href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\""), "{page}");
        assert!(page.contains("dir=\"rtl\"") && page.contains("سپاسگزاریم، رضا!"));
    }

    #[test]
    fn form_pairs_become_a_registration_with_repeated_keys_collected() {
        let pairs = [
            ("name", "王伟"),
            ("email", "w@example.cn"),
            ("country", " cn "),
            ("interest", "LED"),
            ("interest", "Solar"),
            ("q.purpose", "buy"),
            ("q.purpose", "look"),
            ("consent", "email"),
            ("lang", "fa"),
            ("attendee_id", "smuggled"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        let reg = registration(pairs.into_iter(), Lang::Zh);
        assert_eq!((reg.name.as_str(), reg.country.as_str(), reg.language.as_str()), ("王伟", "CN", "zh-CN"));
        assert_eq!(reg.interests, vec!["LED", "Solar"]);
        assert_eq!(reg.answers["purpose"], vec!["buy", "look"]);
        assert_eq!(reg.consent, vec!["email"]);
        assert_eq!(reg.attendee_id, None, "a phone cannot claim a badge id");
    }
}
