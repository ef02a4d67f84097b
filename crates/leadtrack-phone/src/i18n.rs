//! The phone pages' wording in the kiosk's languages. The show's own texts (questions,
//! consent) come localized from its kiosk form; these are the page's frame around them.

/// A language the phone pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::Fa];

    /// The code the kiosk form's texts and a lead's consent use.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::Fa => "fa",
        }
    }

    pub fn dir(self) -> &'static str {
        if self == Lang::Fa {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's own name, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
            Lang::Fa => "فارسی",
        }
    }

    /// `?lang=` values: our codes, and the obvious neighbours (`zh`, `zh-Hans`, `fa-IR`, `en-GB`).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            "fa" => Some(Lang::Fa),
            _ => None,
        }
    }

    /// The best language an `Accept-Language` header asks for, else English.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',').take(32) {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
            Lang::Fa => &FA,
        }
    }
}

pub struct Texts {
    pub register: &'static str,
    pub intro: &'static str,
    pub required: &'static str,
    pub name: &'static str,
    pub company: &'static str,
    pub title: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub country: &'static str,
    pub country_hint: &'static str,
    pub interests: &'static str,
    pub consent: &'static str,
    pub send: &'static str,
    pub fix: &'static str,
    pub thanks_title: &'static str,
    /// `{name}` is replaced by the visitor's (escaped) name.
    pub thanks_named: &'static str,
    pub thanks_body: &'static str,
    pub brochure: &'static str,
    pub used_title: &'static str,
    pub used_body: &'static str,
    pub expired_title: &'static str,
    pub expired_body: &'static str,
    pub unknown_title: &'static str,
    pub unknown_body: &'static str,
    pub closed_title: &'static str,
    pub closed_body: &'static str,
    pub busy_title: &'static str,
    pub busy_body: &'static str,
    pub too_large_title: &'static str,
    pub too_large_body: &'static str,
    pub failed_title: &'static str,
    pub failed_body: &'static str,
    pub err_required: &'static str,
    pub err_email: &'static str,
    pub err_phone: &'static str,
    pub err_country: &'static str,
    pub err_too_long: &'static str,
    pub err_answer: &'static str,
    pub err_consent: &'static str,
    pub err_other: &'static str,
}

impl Texts {
    /// A validation error's code (from `leadtrack-domain`) in words.
    pub fn error(&self, code: &str) -> &'static str {
        match code {
            "required" => self.err_required,
            "invalid_email" => self.err_email,
            "invalid_phone" => self.err_phone,
            "invalid_country" => self.err_country,
            "too_long" | "too_many" => self.err_too_long,
            "invalid_answer" => self.err_answer,
            "invalid_consent" => self.err_consent,
            _ => self.err_other,
        }
    }

    pub fn field(&self, field: &str) -> &'static str {
        match field {
            "name" => self.name,
            "company" => self.company,
            "title" => self.title,
            "email" => self.email,
            "phone" => self.phone,
            _ => self.country,
        }
    }
}

static EN: Texts = Texts {
    register: "Register",
    intro: "Leave your details and the team will follow up after the show.",
    required: "required",
    name: "Name",
    company: "Company",
    title: "Job title",
    email: "Email",
    phone: "Phone",
    country: "Country",
    country_hint: "Two-letter code, e.g. DE",
    interests: "What are you interested in?",
    consent: "How may we contact you?",
    send: "Send",
    fix: "Please check the marked fields.",
    thanks_title: "Thank you",
    thanks_named: "Thank you, {name}!",
    thanks_body: "Your details have reached the booth team.",
    brochure: "Open the brochure",
    used_title: "This code has been used",
    used_body:
        "The registration made with it has reached us. To register someone else, ask at the booth for a new code.",
    expired_title: "This code has expired",
    expired_body: "Codes work for 10 minutes. Ask at the booth for a new code.",
    unknown_title: "Code not found",
    unknown_body: "Check the address, or ask at the booth for a new code.",
    closed_title: "Registration is closed",
    closed_body: "The booth is not taking registrations right now. Please ask at the booth.",
    busy_title: "Too many requests",
    busy_body: "Please wait a moment and try again.",
    too_large_title: "Too much text",
    too_large_body: "The form was larger than it can take. Please shorten your answers and try again.",
    failed_title: "Something went wrong",
    failed_body: "Your details were not saved. Please try again, or ask at the booth.",
    err_required: "Please fill this in.",
    err_email: "This email address looks incomplete (like name@company.com).",
    err_phone: "This phone number does not look right.",
    err_country: "Use a two-letter country code such as DE.",
    err_too_long: "This is too long.",
    err_answer: "Please pick one of the choices.",
    err_consent: "Unknown choice.",
    err_other: "Please check this.",
};

static ZH: Texts = Texts {
    register: "登记",
    intro: "留下您的联系方式，展会结束后我们的团队会与您联系。",
    required: "必填",
    name: "姓名",
    company: "公司",
    title: "职位",
    email: "电子邮件",
    phone: "电话",
    country: "国家/地区",
    country_hint: "两位字母代码，例如 CN",
    interests: "您对哪些产品感兴趣？",
    consent: "我们可以如何联系您？",
    send: "提交",
    fix: "请检查标出的栏目。",
    thanks_title: "谢谢",
    thanks_named: "谢谢您，{name}！",
    thanks_body: "您的信息已送达展台团队。",
    brochure: "打开产品手册",
    used_title: "此二维码已使用",
    used_body: "用它提交的登记已经收到。如需为他人登记，请到展台索取新的二维码。",
    expired_title: "此二维码已过期",
    expired_body: "二维码的有效期为 10 分钟。请到展台索取新的二维码。",
    unknown_title: "未找到此二维码",
    unknown_body: "请检查网址，或到展台索取新的二维码。",
    closed_title: "登记暂未开放",
    closed_body: "展台目前不接受登记，请咨询展台工作人员。",
    busy_title: "请求过多",
    busy_body: "请稍候再试。",
    too_large_title: "内容过多",
    too_large_body: "表单内容超出上限。请缩短您的回答后重试。",
    failed_title: "出错了",
    failed_body: "您的信息未能保存。请重试，或咨询展台工作人员。",
    err_required: "请填写此项。",
    err_email: "电子邮件地址不完整（例如 name@company.com）。",
    err_phone: "电话号码似乎不正确。",
    err_country: "请使用两位字母的国家代码，例如 CN。",
    err_too_long: "内容过长。",
    err_answer: "请从选项中选择。",
    err_consent: "未知的选项。",
    err_other: "请检查此项。",
};

static FA: Texts = Texts {
    register: "ثبت‌نام",
    intro: "مشخصات خود را بگذارید تا تیم ما پس از نمایشگاه با شما تماس بگیرد.",
    required: "الزامی",
    name: "نام",
    company: "شرکت",
    title: "سمت",
    email: "ایمیل",
    phone: "تلفن",
    country: "کشور",
    country_hint: "کد دوحرفی، مثلاً IR",
    interests: "به چه چیزهایی علاقه دارید؟",
    consent: "چگونه می‌توانیم با شما تماس بگیریم؟",
    send: "ارسال",
    fix: "لطفاً بخش‌های مشخص‌شده را بررسی کنید.",
    thanks_title: "سپاسگزاریم",
    thanks_named: "سپاسگزاریم، {name}!",
    thanks_body: "مشخصات شما به تیم غرفه رسید.",
    brochure: "باز کردن بروشور",
    used_title: "این کد استفاده شده است",
    used_body: "ثبت‌نامی که با این کد انجام شد به دست ما رسیده است. برای ثبت‌نام شخص دیگری، از غرفه کد تازه‌ای بخواهید.",
    expired_title: "این کد منقضی شده است",
    expired_body: "هر کد ۱۰ دقیقه اعتبار دارد. از غرفه کد تازه‌ای بخواهید.",
    unknown_title: "کد پیدا نشد",
    unknown_body: "نشانی را بررسی کنید یا از غرفه کد تازه‌ای بخواهید.",
    closed_title: "ثبت‌نام بسته است",
    closed_body: "غرفه در حال حاضر ثبت‌نام نمی‌پذیرد. لطفاً از کارکنان غرفه بپرسید.",
    busy_title: "درخواست‌ها بیش از حد است",
    busy_body: "لطفاً کمی صبر کنید و دوباره امتحان کنید.",
    too_large_title: "متن بیش از حد طولانی است",
    too_large_body: "فرم بزرگ‌تر از حد مجاز بود. لطفاً پاسخ‌ها را کوتاه‌تر کنید و دوباره امتحان کنید.",
    failed_title: "مشکلی پیش آمد",
    failed_body: "مشخصات شما ذخیره نشد. لطفاً دوباره امتحان کنید یا از کارکنان غرفه بپرسید.",
    err_required: "لطفاً این بخش را پر کنید.",
    err_email: "این نشانی ایمیل کامل نیست (مانند name@company.com).",
    err_phone: "این شماره تلفن درست به نظر نمی‌رسد.",
    err_country: "از کد دوحرفی کشور مانند IR استفاده کنید.",
    err_too_long: "این متن بیش از حد طولانی است.",
    err_answer: "لطفاً یکی از گزینه‌ها را انتخاب کنید.",
    err_consent: "گزینهٔ ناشناخته.",
    err_other: "لطفاً این بخش را بررسی کنید.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visitors_browser_language_picks_the_page_language() {
        for (header, lang) in [
            ("fa-IR,fa;q=0.9,en-US;q=0.8", Lang::Fa),
            ("zh-CN,zh;q=0.9", Lang::Zh),
            ("zh-Hant-TW", Lang::Zh),
            ("de-DE,de;q=0.9,en;q=0.5,fa;q=0.4", Lang::En),
            ("de-DE,de;q=0.9,fa;q=0.7,en;q=0.5", Lang::Fa),
            ("en;q=0, fa", Lang::Fa),
            ("de", Lang::En),
            ("", Lang::En),
            ("fa;q=garbage,zh;q=0.1", Lang::Zh),
        ] {
            assert_eq!(Lang::from_accept_language(header), lang, "{header}");
        }
    }
}
