//! Per-show badge profiles: a small JSON file a manager writes before the show, so that the
//! show's own badge format is read exactly rather than guessed.
//!
//! Why: the same caret-delimited badge means `id^first^last^…` at one show and
//! `id^last^first^…` at the next, ids are printed zero-padded or with a prefix that the
//! attendee list does not have, and some shows wrap their tokens (`AT$…$AT`). Only the show's
//! organiser knows; the profile writes it down, and the settings screen tries it against a sample
//! badge ([`BadgeProfile::try_sample`]) before the doors open.
//!
//! ```json
//! {
//!   "name": "TechExpo 2025",
//!   "recognise": { "prefix": "TX", "suffix": null, "contains": "^", "glob": "TX*^*" },
//!   "wrapper": { "start": "AT$", "end": "$AT" },
//!   "delimiter": "^",
//!   "fields": ["id", "first_name", "last_name", "email", "skip", "company"],
//!   "id": { "prefix": "TX", "prefix_required": false, "chars": "digits", "separators": "",
//!           "min_len": 6, "max_len": 10, "strip_leading_zeros": true, "keep_prefix": false },
//!   "lookup": false
//! }
//! ```
//!
//! Every key but `name` is optional:
//! - `recognise`: how to tell this show's badges from anything else scanned at the booth (a
//!   visitor's LinkedIn QR, a vCard from a phone). All given rules must hold; they are
//!   case-sensitive and apply to the payload with surrounding whitespace trimmed. `glob` takes
//!   `*` (any run of characters) and `?` (one character) and must match the whole payload. With
//!   no rules (and no wrapper), every payload is this show's. A payload the profile does not
//!   recognise is read by auto-detection instead, with a warning saying why.
//! - `wrapper`: markers around the real content, removed before reading (`AT$` … `$AT`). A
//!   payload without them is not recognised. Either marker may be `""`.
//! - `delimiter` + `fields`: the column separator (any text: `^`, `|`, `::`, `*`, `%`, `\t`) and
//!   the column order. Column names: `id`, `skip`, `name` (full name), `first_name`,
//!   `last_name`, `company`, `title`, `email`, `phone`, `country`, `address`, `city`, `state`,
//!   `zip`, `website` (`city`, `state` and `zip` are joined into the address).
//! - `id`: what the show's ids look like, and how to write them the way the attendee list does.
//!   `prefix` (matched ignoring case; dropped unless `keep_prefix`), `prefix_required`,
//!   `chars` (`digits`, `alphanumeric`, `hex` or `any`), extra allowed `separators` (such as
//!   `"."` for `12.345.678`), `min_len`/`max_len` (after the prefix, separators counted) and
//!   `strip_leading_zeros` (`000123` → `123`). Without `delimiter`, a payload that is a valid id
//!   is read as a bare id; otherwise the id found by auto-detection is checked and normalised.
//! - `lookup`: the badge carries only an id, and the fields come from the attendee list.
//!   Callers look the id up when this is on (or when [`crate::Parsed::needs_lookup`] says so).
//!
//! Unknown keys are errors, so a typo (`"delimeter"`) is reported instead of silently ignored.

use serde::{Deserialize, Serialize};

use crate::contact::{Draft, Format, Slot};
use crate::{delimited, text};

/// Longest `recognise.glob`, so matching stays cheap on a 64 KB payload.
pub const MAX_GLOB_CHARS: usize = 200;
/// Most columns a profile may list.
pub const MAX_FIELDS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeProfile {
    /// The show's name, shown in warnings and in the settings screen.
    pub name: String,
    #[serde(default, alias = "recognize", alias = "match", skip_serializing_if = "Recognise::is_empty")]
    pub recognise: Recognise,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<Wrapper>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<IdPattern>,
    #[serde(default)]
    pub lookup: bool,
}

/// How to recognise the show's badges. All given rules must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Recognise {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// `*` and `?` wildcards over the whole payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glob: Option<String>,
}

impl Recognise {
    pub fn is_empty(&self) -> bool {
        self == &Recognise::default()
    }

    fn check(&self, payload: &str) -> Result<(), String> {
        if let Some(p) = self.prefix.as_deref().filter(|p| !payload.starts_with(*p)) {
            return Err(format!("it does not start with {p:?}"));
        }
        if let Some(s) = self.suffix.as_deref().filter(|s| !payload.ends_with(*s)) {
            return Err(format!("it does not end with {s:?}"));
        }
        if let Some(c) = self.contains.as_deref().filter(|c| !payload.contains(*c)) {
            return Err(format!("it does not contain {c:?}"));
        }
        if let Some(g) = self.glob.as_deref().filter(|g| !glob_matches(g, payload)) {
            return Err(format!("it does not match {g:?}"));
        }
        Ok(())
    }
}

/// Markers around the content, such as `AT$` and `$AT`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Wrapper {
    pub start: String,
    pub end: String,
}

impl Wrapper {
    fn unwrap<'a>(&self, payload: &'a str) -> Option<&'a str> {
        payload.strip_prefix(self.start.as_str())?.strip_suffix(self.end.as_str())
    }
}

/// A column of a delimited badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Id,
    #[serde(alias = "ignore")]
    Skip,
    #[serde(alias = "full_name")]
    Name,
    #[serde(alias = "firstname", alias = "first")]
    FirstName,
    #[serde(alias = "lastname", alias = "last", alias = "surname")]
    LastName,
    #[serde(alias = "organization", alias = "organisation")]
    Company,
    #[serde(alias = "job_title")]
    Title,
    Email,
    Phone,
    Country,
    Address,
    City,
    #[serde(alias = "region")]
    State,
    #[serde(alias = "postcode", alias = "postal_code")]
    Zip,
    #[serde(alias = "url")]
    Website,
}

impl Column {
    pub(crate) fn slot(self) -> Option<Slot> {
        Some(match self {
            Column::Id => Slot::Id,
            Column::Skip => return None,
            Column::Name => Slot::Name,
            Column::FirstName => Slot::FirstName,
            Column::LastName => Slot::LastName,
            Column::Company => Slot::Company,
            Column::Title => Slot::Title,
            Column::Email => Slot::Email,
            Column::Phone => Slot::Phone,
            Column::Country => Slot::Country,
            Column::Address => Slot::Address,
            Column::City => Slot::City,
            Column::State => Slot::State,
            Column::Zip => Slot::Zip,
            Column::Website => Slot::Website,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Skip => "skip",
            Column::Name => "name",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Company => "company",
            Column::Title => "title",
            Column::Email => "email",
            Column::Phone => "phone",
            Column::Country => "country",
            Column::Address => "address",
            Column::City => "city",
            Column::State => "state",
            Column::Zip => "zip",
            Column::Website => "website",
        }
    }
}

/// Which characters an id body may contain (besides the pattern's `separators`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdChars {
    Digits,
    Alphanumeric,
    Hex,
    /// Anything but whitespace and control characters.
    #[default]
    Any,
}

impl IdChars {
    fn allows(self, c: char) -> bool {
        match self {
            IdChars::Digits => c.is_ascii_digit(),
            IdChars::Alphanumeric => c.is_ascii_alphanumeric(),
            IdChars::Hex => c.is_ascii_hexdigit(),
            IdChars::Any => !c.is_whitespace() && !c.is_control(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            IdChars::Digits => "digits",
            IdChars::Alphanumeric => "letters and digits",
            IdChars::Hex => "hexadecimal digits",
            IdChars::Any => "visible characters",
        }
    }
}

/// What a show's ids look like, and their canonical form for the attendee-list lookup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IdPattern {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    pub prefix_required: bool,
    pub chars: IdChars,
    /// Extra characters allowed inside the id, such as `"."` or `"-"`.
    pub separators: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_len: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    pub strip_leading_zeros: bool,
    /// Keep the prefix in the normalised id (always written as the profile spells it).
    pub keep_prefix: bool,
}

/// Why a token is not an id of the show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdMismatch {
    #[error("it is empty")]
    Empty,
    #[error("it does not start with {0:?}")]
    MissingPrefix(String),
    #[error("it contains {found:?}, but ids have only {allowed}")]
    BadChar { found: char, allowed: String },
    #[error("it has {len} characters, fewer than {min}")]
    TooShort { len: usize, min: usize },
    #[error("it has {len} characters, more than {max}")]
    TooLong { len: usize, max: usize },
}

impl IdPattern {
    /// Checks `token` against the pattern and returns the id in its canonical form: prefix
    /// dropped (or respelled, with `keep_prefix`), leading zeros stripped when asked. The
    /// attendee-list import should pass list ids through this too, so both sides agree.
    pub fn normalize(&self, token: &str) -> Result<String, IdMismatch> {
        let token = token.trim();
        if token.is_empty() {
            return Err(IdMismatch::Empty);
        }
        let prefix = self.prefix.as_deref().filter(|p| !p.is_empty());
        let (body, had_prefix) = match prefix.and_then(|p| text::strip_prefix_ci(token, p)) {
            Some(rest) => (rest, true),
            None => (token, false),
        };
        if let (Some(p), true, false) = (prefix, self.prefix_required, had_prefix) {
            return Err(IdMismatch::MissingPrefix(p.to_owned()));
        }
        if body.is_empty() {
            return Err(IdMismatch::Empty);
        }
        if let Some(found) = body.chars().find(|&c| !self.chars.allows(c) && !self.separators.contains(c)) {
            let mut allowed = self.chars.describe().to_owned();
            if !self.separators.is_empty() {
                allowed.push_str(&format!(" and {:?}", self.separators));
            }
            return Err(IdMismatch::BadChar { found, allowed });
        }
        let len = body.chars().count();
        if let Some(min) = self.min_len.filter(|&min| len < min) {
            return Err(IdMismatch::TooShort { len, min });
        }
        if let Some(max) = self.max_len.filter(|&max| len > max) {
            return Err(IdMismatch::TooLong { len, max });
        }
        let body = if self.strip_leading_zeros {
            let stripped = body.trim_start_matches('0');
            let zeros = body.len() - stripped.len();
            if zeros > 0 && (stripped.is_empty() || stripped.starts_with(|c: char| self.separators.contains(c))) {
                // `0000` is id 0; `00.12` keeps one zero.
                body.get(zeros - 1..).unwrap_or(body)
            } else {
                stripped
            }
        } else {
            body
        };
        Ok(match (self.keep_prefix, prefix) {
            (true, Some(p)) => format!("{p}{body}"),
            _ => body.to_owned(),
        })
    }
}

/// Why a profile cannot be used. Messages name the JSON key and say what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("the badge profile is empty")]
    Empty,
    #[error("the badge profile must be a JSON object: {{ \"name\": …, … }}")]
    NotAnObject,
    #[error("the badge profile is not valid JSON: {message} (line {line}, column {column})")]
    Syntax { message: String, line: usize, column: usize },
    #[error("the badge profile has a setting it cannot use: {message} (line {line}, column {column})")]
    Setting { message: String, line: usize, column: usize },
    #[error("the badge profile needs a \"name\", such as the show's name")]
    MissingName,
    #[error("\"recognise\".\"{0}\" is empty; remove it, or give the text the show's badges have there")]
    EmptyRule(&'static str),
    #[error("\"recognise\".\"glob\" is longer than {max} characters")]
    GlobTooLong { max: usize },
    #[error("\"wrapper\" needs a \"start\" or an \"end\" marker, such as \"AT$\" and \"$AT\"")]
    EmptyWrapper,
    #[error("\"delimiter\" is empty; give the text between the badge's columns, such as \"^\"")]
    EmptyDelimiter,
    #[error("\"delimiter\" is set but \"fields\" is empty; list the columns in order, such as [\"id\", \"first_name\", \"last_name\"]")]
    DelimiterWithoutFields,
    #[error("\"fields\" needs a \"delimiter\" to split the badge into columns")]
    FieldsWithoutDelimiter,
    #[error("\"fields\" lists \"{0}\" twice; use \"skip\" for columns to ignore")]
    DuplicateField(&'static str),
    #[error("\"fields\" has {count} columns; at most {max} are allowed")]
    TooManyFields { count: usize, max: usize },
    #[error("\"lookup\" is on, but \"fields\" has no \"id\" column to look attendees up by")]
    LookupWithoutId,
    #[error("\"id\".\"prefix\" is empty; remove it, or give the prefix, such as \"REG-\"")]
    EmptyIdPrefix,
    #[error("\"id\".\"prefix_required\" is on, but there is no \"id\".\"prefix\"")]
    PrefixRequiredWithoutPrefix,
    #[error("\"id\".\"max_len\" must be at least 1")]
    IdMaxLenZero,
    #[error("\"id\".\"min_len\" ({min}) is greater than \"id\".\"max_len\" ({max})")]
    IdLengthRange { min: usize, max: usize },
}

impl ProfileError {
    fn from_serde(e: &serde_json::Error) -> ProfileError {
        let (line, column) = (e.line(), e.column());
        let full = e.to_string();
        let message = full.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&full).to_owned();
        match e.classify() {
            serde_json::error::Category::Data => ProfileError::Setting { message, line, column },
            _ => ProfileError::Syntax { message, line, column },
        }
    }
}

impl BadgeProfile {
    /// Reads and checks a profile. Errors say which key is wrong and what to write.
    pub fn from_json(json: &str) -> crate::Result<BadgeProfile> {
        let json = json.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if json.is_empty() {
            return Err(ProfileError::Empty);
        }
        if !json.starts_with('{') {
            return Err(ProfileError::NotAnObject);
        }
        let profile: BadgeProfile = serde_json::from_str(json).map_err(|e| ProfileError::from_serde(&e))?;
        profile.validate()?;
        Ok(profile)
    }

    /// Pretty JSON, as the settings screen saves it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the rules serde cannot: names present, markers non-empty, columns consistent.
    pub fn validate(&self) -> crate::Result<()> {
        if self.name.trim().is_empty() {
            return Err(ProfileError::MissingName);
        }
        let rules = [
            ("prefix", &self.recognise.prefix),
            ("suffix", &self.recognise.suffix),
            ("contains", &self.recognise.contains),
            ("glob", &self.recognise.glob),
        ];
        if let Some((key, _)) = rules.iter().find(|(_, v)| v.as_deref() == Some("")) {
            return Err(ProfileError::EmptyRule(key));
        }
        if self.recognise.glob.as_deref().is_some_and(|g| g.chars().count() > MAX_GLOB_CHARS) {
            return Err(ProfileError::GlobTooLong { max: MAX_GLOB_CHARS });
        }
        if self.wrapper.as_ref().is_some_and(|w| w.start.is_empty() && w.end.is_empty()) {
            return Err(ProfileError::EmptyWrapper);
        }
        match (self.delimiter.as_deref(), self.fields.is_empty()) {
            (Some(""), _) => return Err(ProfileError::EmptyDelimiter),
            (Some(_), true) => return Err(ProfileError::DelimiterWithoutFields),
            (None, false) => return Err(ProfileError::FieldsWithoutDelimiter),
            _ => {}
        }
        if self.fields.len() > MAX_FIELDS {
            return Err(ProfileError::TooManyFields { count: self.fields.len(), max: MAX_FIELDS });
        }
        for (i, column) in self.fields.iter().enumerate() {
            if *column != Column::Skip && self.fields.iter().skip(i + 1).any(|c| c == column) {
                return Err(ProfileError::DuplicateField(column.as_str()));
            }
        }
        if self.lookup && self.delimiter.is_some() && !self.fields.contains(&Column::Id) {
            return Err(ProfileError::LookupWithoutId);
        }
        if let Some(id) = &self.id {
            if id.prefix.as_deref() == Some("") {
                return Err(ProfileError::EmptyIdPrefix);
            }
            if id.prefix_required && id.prefix.is_none() {
                return Err(ProfileError::PrefixRequiredWithoutPrefix);
            }
            if id.max_len == Some(0) {
                return Err(ProfileError::IdMaxLenZero);
            }
            if let (Some(min), Some(max)) = (id.min_len, id.max_len) {
                if min > max {
                    return Err(ProfileError::IdLengthRange { min, max });
                }
            }
        }
        Ok(())
    }

    /// Whether `payload` is one of this show's badges (see `recognise` in the module docs).
    pub fn recognises(&self, payload: &str) -> bool {
        self.check(crate::prepare(payload, &mut Vec::new())).is_ok()
    }

    /// Parses a sample badge the way a scan at the show would be parsed, with extra warnings
    /// about columns whose values do not look like what the profile says they are. For the
    /// settings screen's "try it against a sample badge".
    pub fn try_sample(&self, payload: &str) -> crate::Parsed {
        crate::parse_with(payload, Some(self), true)
    }

    /// Recognition: the rules, the wrapper markers, and the delimiter. Returns the content to
    /// read (unwrapped and trimmed).
    fn check<'a>(&self, payload: &'a str) -> Result<&'a str, String> {
        self.recognise.check(payload)?;
        let content = match &self.wrapper {
            Some(w) => w.unwrap(payload).ok_or_else(|| format!("it is not wrapped in {:?} … {:?}", w.start, w.end))?,
            None => payload,
        };
        let content = content.trim();
        if let Some(delimiter) = self.delimiter.as_deref().filter(|d| !content.contains(*d)) {
            return Err(format!("it has no {delimiter:?} between columns"));
        }
        Ok(content)
    }

    /// Reads a prepared (capped, trimmed) payload with this profile.
    pub(crate) fn read(&self, payload: &str, verbose: bool) -> (Format, Draft) {
        if let Err(e) = self.validate() {
            // Built in code rather than loaded with `from_json`; do not guess what it meant.
            let (format, mut d) = crate::detect(payload, 0);
            d.prepend_warnings(vec![format!("the badge profile was not used: {e}")]);
            return (format, d);
        }
        let content = match self.check(payload) {
            Ok(content) => content,
            Err(reason) => return self.fall_back(payload, &reason),
        };
        let wrapped = self.wrapper.is_some();
        let explicit = wrapped || !self.recognise.is_empty();
        let (format, mut d) = if let Some(delimiter) = self.delimiter.as_deref() {
            let mut d = Draft::new();
            self.read_columns(content, delimiter, verbose, &mut d);
            (Format::Delimited, d)
        } else if let Some(id) = self.id.as_ref().and_then(|p| p.normalize(content).ok()) {
            let mut d = Draft::new();
            d.offer(Slot::Id, 0, &id);
            (Format::BareId, d)
        } else {
            let (format, mut d) = if wrapped { crate::detect_wrapped(content, 1) } else { crate::detect(content, 1) };
            if let Some(pattern) = &self.id {
                let found = d.get(Slot::Id).to_owned();
                match pattern.normalize(&found) {
                    Ok(id) => d.replace_id(Some(id)),
                    Err(_) if !explicit => return self.fall_back(payload, "it is not an id of the show"),
                    Err(_) if found.is_empty() => {}
                    Err(why) => d.warn(format!("the id {found:?} does not fit the profile: {why}")),
                }
            }
            (format, d)
        };
        if self.lookup && !d.has(Slot::Id) {
            d.warn(format!("{} badges are looked up by id, but this badge has no id", self.name));
        }
        (if wrapped { Format::WrappedToken } else { format }, d)
    }

    fn fall_back(&self, payload: &str, reason: &str) -> (Format, Draft) {
        let (format, mut d) = crate::detect(payload, 0);
        d.prepend_warnings(vec![format!(
            "the {} profile does not recognise this badge ({reason}); it was read without the profile",
            self.name
        )]);
        (format, d)
    }

    fn read_columns(&self, content: &str, delimiter: &str, verbose: bool, d: &mut Draft) {
        let columns = delimited::split(content, delimiter, d);
        delimited::assign(&columns, &self.fields, d);
        if columns.len() != self.fields.len() {
            d.warn(format!(
                "the badge has {} columns but the profile lists {}; check the field order",
                columns.len(),
                self.fields.len()
            ));
        }
        if let (Some(pattern), true) = (&self.id, d.has(Slot::Id)) {
            let found = d.get(Slot::Id).to_owned();
            match pattern.normalize(&found) {
                Ok(id) => d.replace_id(Some(id)),
                Err(why) => d.warn(format!("the id {found:?} does not fit the profile: {why}")),
            }
        }
        if !verbose {
            return;
        }
        for (i, (column, value)) in self.fields.iter().zip(&columns).enumerate() {
            let odd = match column {
                Column::Email => !value.is_empty() && !text::is_email(value),
                Column::Phone => !value.is_empty() && !text::looks_like_phone(value),
                Column::Id => value.is_empty(),
                _ => false,
            };
            if odd {
                d.warn(format!("column {} ({}) holds {value:?}, which does not look like one", i + 1, column.as_str()));
            }
        }
    }
}

/// Whole-string wildcard match: `*` any run of characters, `?` exactly one. The classic
/// backtrack-to-last-star loop: at most pattern × text steps, and patterns are short.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match (p.get(pi), t.get(ti)) {
            (Some('*'), _) => {
                star = Some((pi, ti));
                pi += 1;
            }
            (Some(pc), Some(tc)) if *pc == '?' || pc == tc => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.iter().skip(pi).all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_payloads() {
        assert!(glob_matches("TX*^*", "TX123^Mary^Smith"));
        assert!(glob_matches("AT$*$AT", "AT$abc$AT"));
        assert!(glob_matches("REG-???", "REG-123"));
        assert!(!glob_matches("REG-???", "REG-1234"));
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("a*b", "ac"));
    }

    #[test]
    fn leading_zeros_leave_a_zero_behind_when_the_id_is_all_zeros() {
        let p = IdPattern { strip_leading_zeros: true, separators: ".".into(), ..IdPattern::default() };
        assert_eq!(p.normalize("000123").as_deref(), Ok("123"));
        assert_eq!(p.normalize("0000").as_deref(), Ok("0"));
        assert_eq!(p.normalize("00.12").as_deref(), Ok("0.12"));
    }
}
