//! The parser's output: what a badge said, in the shape a lead needs.
//!
//! `ContactFields` uses empty strings for "absent" rather than `Option`s: the capture form shows
//! every field anyway, and an empty string is exactly what a rep would otherwise type into.
//! `Parsed::raw` is the payload as scanned, so a wrong guess here never loses data: the store
//! keeps it, and a later parser (or a person) can read it again.
//!
//! Parsers never write `ContactFields` directly. They offer values to a [`Draft`], which cleans
//! them (control characters out, whitespace collapsed, length capped) and keeps the best offer
//! per field, so "first wins" and "this key spelling beats that one" are decided in one place
//! and never depend on the order of keys in a JSON map.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text;

/// The shape a payload was recognised as. Stored with every lead next to the raw payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "BadgeFormat")]
pub enum Format {
    Vcard,
    Mecard,
    Bizcard,
    Url,
    Json,
    KeyValue,
    Delimited,
    WrappedToken,
    Email,
    BareId,
    Unknown,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Vcard,
        Format::Mecard,
        Format::Bizcard,
        Format::Url,
        Format::Json,
        Format::KeyValue,
        Format::Delimited,
        Format::WrappedToken,
        Format::Email,
        Format::BareId,
        Format::Unknown,
    ];

    /// The same snake_case name serde uses, for columns and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Vcard => "vcard",
            Format::Mecard => "mecard",
            Format::Bizcard => "bizcard",
            Format::Url => "url",
            Format::Json => "json",
            Format::KeyValue => "key_value",
            Format::Delimited => "delimited",
            Format::WrappedToken => "wrapped_token",
            Format::Email => "email",
            Format::BareId => "bare_id",
            Format::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Contact details read from a badge. Empty string = the badge did not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContactFields {
    /// Full display name ("Mary Smith", "王小明"). Filled from first + last when the badge has no
    /// full name, and split into first + last (at the last space) when it has only a full name.
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    /// One line: street, city, state/region, postal code, joined with ", ".
    pub address: String,
    pub website: String,
}

impl ContactFields {
    /// True when the badge gave no contact detail at all (an id-only badge, for example).
    pub fn is_empty(&self) -> bool {
        self == &ContactFields::default()
    }

    /// Every field's value, in declaration order: for checks that must hold for all of them.
    pub fn values(&self) -> [&str; 10] {
        [
            &self.name,
            &self.first_name,
            &self.last_name,
            &self.company,
            &self.title,
            &self.email,
            &self.phone,
            &self.country,
            &self.address,
            &self.website,
        ]
    }
}

/// The result of parsing one payload. Parsing never fails: the worst case is
/// `format: Unknown` with empty fields, the raw payload and a warning saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ParsedBadge")]
pub struct Parsed {
    pub format: Format,
    pub fields: ContactFields,
    /// The attendee / registration id the badge carries, if any, for the attendee-list lookup.
    pub attendee_id: Option<String>,
    /// The payload exactly as given (for [`crate::parse_bytes`] on non-UTF-8 input, its decoded
    /// or escaped text; see there).
    pub raw: String,
    /// Plain-English notes for the rep or manager: what was ignored, cut or guessed.
    pub warnings: Vec<String>,
}

impl Parsed {
    /// The badge carried an id but no contact details: fill the fields from the attendee list.
    /// (A profile with `lookup: true` asks for the lookup even when some fields were read.)
    pub fn needs_lookup(&self) -> bool {
        self.attendee_id.is_some() && self.fields.is_empty()
    }
}

/// Where a parser wants to put a value. Finer than `ContactFields` for the address, so that
/// street, city, state and postal code are joined in that order whatever order they arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Name,
    FirstName,
    LastName,
    Company,
    Title,
    Email,
    Phone,
    Country,
    Address,
    City,
    State,
    Zip,
    Website,
    Id,
}

const SLOTS: usize = 14;

/// Warnings beyond this many are summarised, so hostile input cannot build a huge list.
const MAX_WARNINGS: usize = 20;

/// Rank for values whose position decides (vCard, MECARD, delimited): the first offer wins.
pub(crate) const FIRST_WINS: u16 = 1000;

/// A contact being assembled: the best offer per slot (lowest rank; first on a tie).
#[derive(Debug, Default)]
pub(crate) struct Draft {
    slots: [Option<(u16, String)>; SLOTS],
    warnings: Vec<String>,
    dropped_warnings: usize,
}

impl Draft {
    pub(crate) fn new() -> Draft {
        Draft::default()
    }

    /// Offers `value` for `slot`; it is kept if it is non-empty after cleaning and ranks better
    /// than what the slot holds. Returns whether it was kept.
    pub(crate) fn offer(&mut self, slot: Slot, rank: u16, value: &str) -> bool {
        let (mut clean, cut) = text::clean(value);
        if slot == Slot::Email {
            clean = strip_prefix_ci(&clean, "mailto:").to_owned();
        } else if slot == Slot::Phone {
            clean = strip_prefix_ci(&clean, "tel:").to_owned();
        }
        if clean.is_empty() {
            return false;
        }
        let better = match self.slots.get(slot as usize) {
            Some(Some((held, _))) => rank < *held,
            _ => true,
        };
        if !better {
            return false;
        }
        if cut {
            self.warn(format!("{} was longer than {} characters and was cut", slot_label(slot), text::MAX_FIELD_CHARS));
        }
        if let Some(entry) = self.slots.get_mut(slot as usize) {
            *entry = Some((rank, clean));
        }
        true
    }

    /// Offers with [`FIRST_WINS`] rank.
    pub(crate) fn set(&mut self, slot: Slot, value: &str) -> bool {
        self.offer(slot, FIRST_WINS, value)
    }

    pub(crate) fn get(&self, slot: Slot) -> &str {
        match self.slots.get(slot as usize) {
            Some(Some((_, v))) => v,
            _ => "",
        }
    }

    pub(crate) fn has(&self, slot: Slot) -> bool {
        !self.get(slot).is_empty()
    }

    /// Replaces the id (after a profile normalised it).
    pub(crate) fn replace_id(&mut self, id: Option<String>) {
        if let Some(entry) = self.slots.get_mut(Slot::Id as usize) {
            *entry = id.map(|v| (0, v));
        }
    }

    pub(crate) fn warn(&mut self, message: impl Into<String>) {
        let message = message.into();
        if self.warnings.contains(&message) {
            return;
        }
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message);
        } else {
            self.dropped_warnings += 1;
        }
    }

    /// Moves `other`'s warnings in front of ours (they happened first).
    pub(crate) fn prepend_warnings(&mut self, mut earlier: Vec<String>) {
        earlier.append(&mut self.warnings);
        self.warnings = earlier;
    }

    pub(crate) fn finish(self, format: Format, raw: &str) -> Parsed {
        let take = |slot: Slot| -> String {
            match self.slots.get(slot as usize) {
                Some(Some((_, v))) => v.clone(),
                _ => String::new(),
            }
        };
        let mut fields = ContactFields {
            name: take(Slot::Name),
            first_name: take(Slot::FirstName),
            last_name: take(Slot::LastName),
            company: take(Slot::Company),
            title: take(Slot::Title),
            email: take(Slot::Email),
            phone: take(Slot::Phone),
            country: take(Slot::Country),
            address: String::new(),
            website: take(Slot::Website),
        };
        let mut warnings = self.warnings;
        // Composed values are capped again: two 300-character parts make a 601-character name.
        let mut capped = |label: &str, value: String| -> String {
            let (value, cut) = text::clean(&value);
            if cut {
                warnings.push(format!("{label} was longer than {} characters and was cut", text::MAX_FIELD_CHARS));
            }
            value
        };
        let parts = [take(Slot::Address), take(Slot::City), take(Slot::State), take(Slot::Zip)];
        fields.address = capped("address", text::join_non_empty(&parts, ", "));
        if fields.name.is_empty() {
            fields.name = capped("name", text::compose_name(&fields.first_name, &fields.last_name));
        } else if fields.first_name.is_empty() && fields.last_name.is_empty() {
            if let Some((first, last)) = text::split_name(&fields.name) {
                fields.first_name = first;
                fields.last_name = last;
            }
        }
        if self.dropped_warnings > 0 {
            warnings.push(format!("{} more warnings were left out", self.dropped_warnings));
        }
        let attendee_id = Some(take(Slot::Id)).filter(|id| !id.is_empty());
        Parsed { format, fields, attendee_id, raw: raw.to_owned(), warnings }
    }
}

fn strip_prefix_ci<'a>(value: &'a str, prefix: &str) -> &'a str {
    match value.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => value.get(prefix.len()..).unwrap_or(value).trim_start(),
        _ => value,
    }
}

pub(crate) fn slot_label(slot: Slot) -> &'static str {
    match slot {
        Slot::Name => "name",
        Slot::FirstName => "first name",
        Slot::LastName => "last name",
        Slot::Company => "company",
        Slot::Title => "title",
        Slot::Email => "email",
        Slot::Phone => "phone",
        Slot::Country => "country",
        Slot::Address => "address",
        Slot::City => "city",
        Slot::State => "state",
        Slot::Zip => "postal code",
        Slot::Website => "website",
        Slot::Id => "attendee id",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_better_ranked_offer_replaces_a_worse_one_and_ties_keep_the_first() {
        let mut d = Draft::new();
        assert!(d.offer(Slot::Email, 5, "late@example.com"));
        assert!(d.offer(Slot::Email, 1, "best@example.com"));
        assert!(!d.offer(Slot::Email, 1, "tie@example.com"));
        assert_eq!(d.get(Slot::Email), "best@example.com");
    }

    #[test]
    fn address_parts_are_joined_in_street_city_state_zip_order() {
        let mut d = Draft::new();
        d.set(Slot::Zip, "10001");
        d.set(Slot::City, "New York");
        d.set(Slot::Address, "1 Main St");
        let p = d.finish(Format::Json, "");
        assert_eq!(p.fields.address, "1 Main St, New York, 10001");
    }

    #[test]
    fn every_format_serialises_as_its_snake_case_name() {
        for f in Format::ALL {
            assert_eq!(serde_json::to_value(f).ok(), Some(serde_json::Value::String(f.as_str().into())));
        }
    }
}
