//! The organiser's attendee list: who is behind an id-only badge.
//!
//! Shows print the same id different ways — `000123` on the badge, `123` in the list,
//! `REG-123` in the URL — so both sides are compared through [`id_key`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One person on a show's attendee list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attendee {
    /// The id as the organiser wrote it.
    pub attendee_id: String,
    pub company: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub country: String,
}

/// What an import did, for the screen that ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendeeImport {
    /// Attendees new to this show's list.
    pub added: u32,
    /// Attendees already on the list whose details were replaced.
    pub updated: u32,
    /// Rows without a usable id (the caller reports which).
    pub skipped: u32,
    /// Waiting leads this list named, each saved as a new version.
    pub reconciled: u32,
}

/// The form of an attendee id used to match a badge against the list: letters and digits
/// only, upper case, and the zero padding of its first number dropped (`A-0042` → `A42`,
/// `000123` → `123`). `None` for an id with no letter or digit.
pub fn id_key(id: &str) -> Option<String> {
    let alnum: Vec<char> = id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect();
    if alnum.is_empty() {
        return None;
    }
    let first_digit = alnum.iter().position(|c| c.is_ascii_digit()).unwrap_or(alnum.len());
    let run_end =
        alnum[first_digit..].iter().position(|c| !c.is_ascii_digit()).map_or(alnum.len(), |n| first_digit + n);
    let zeros = alnum[first_digit..run_end].iter().take_while(|c| **c == '0').count();
    // Keep one zero when the whole number is zeros: `0000` is id 0.
    let zeros = if first_digit + zeros == run_end { zeros.saturating_sub(1) } else { zeros };
    Some(alnum[..first_digit].iter().chain(&alnum[first_digit + zeros..]).collect())
}

#[cfg(test)]
mod tests {
    use super::id_key;

    #[test]
    fn ids_printed_differently_share_a_key() {
        for (a, b) in [
            ("000123", "123"),
            ("12.34", "1234"),
            ("reg-0042", "REG42"),
            ("0000", "0"),
            ("A-0042", "a42"),
            ("0010.02", "1002"),
        ] {
            assert_eq!(id_key(a), id_key(b), "{a} vs {b}");
        }
        assert_ne!(id_key("123"), id_key("1234"));
        assert_ne!(id_key("A42"), id_key("A402"));
        assert_ne!(id_key("10.02"), id_key("1.2"), "only the padding of the first number goes");
        assert_eq!(id_key(" - . "), None);
        assert_eq!(id_key("展会-７"), Some("展会７".into()));
    }
}
