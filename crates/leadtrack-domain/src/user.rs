//! The people at a booth. Sign-in and permissions arrive with the team issue; for now a
//! user is who the lead is "captured by".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Rep,
    Manager,
    Marketing,
    Kiosk,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Manager => "manager",
            Role::Marketing => "marketing",
            Role::Kiosk => "kiosk",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "rep" => Some(Role::Rep),
            "manager" => Some(Role::Manager),
            "marketing" => Some(Role::Marketing),
            "kiosk" => Some(Role::Kiosk),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl Role {
    /// Managers and marketing see every lead (of their shows; for now, of every show); a rep
    /// only the leads they captured or were assigned. The kiosk user browses nothing.
    pub fn sees_all_leads(self) -> bool {
        matches!(self, Role::Manager | Role::Marketing)
    }
}

/// Who is reading: every lead read a person makes goes through the store with one, and the
/// store — not the UI — decides what it returns (see ARCHITECTURE, "the viewer rule").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Viewer {
    pub user_id: String,
    pub role: Role,
}

impl Viewer {
    pub fn of(user: &User) -> Viewer {
        Viewer { user_id: user.id.clone(), role: user.role }
    }

    /// Whether this viewer may see a lead captured by `captured_by` and assigned to `assigned_to`.
    pub fn sees(&self, captured_by: &str, assigned_to: Option<&str>) -> bool {
        match self.role {
            Role::Manager | Role::Marketing => true,
            Role::Rep => captured_by == self.user_id || assigned_to == Some(self.user_id.as_str()),
            Role::Kiosk => false,
        }
    }
}

/// A name on the sign-in screen: whether they have a PIN or password yet (if not, the first
/// sign-in asks them to choose one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignInUser {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub has_secret: bool,
}

/// A staff PIN or password after [`crate::kiosk::normalize_pin`] (Persian and Arabic-Indic
/// digits become ASCII): all digits is a PIN of 4 to 8 digits, held to the kiosk PIN's rule
/// against runs and repeats; anything else is a password of at least 8 characters.
pub fn check_secret(secret: &str) -> Result<(), crate::ValidationErrors> {
    let n = secret.chars().count();
    if n > 0 && secret.chars().all(|c| c.is_ascii_digit()) {
        if n > 8 {
            return Err(crate::ValidationErrors {
                fields: vec![crate::FieldError::new("secret", "invalid_pin", "A PIN is 4 to 8 digits.")],
            });
        }
        return crate::kiosk::check_pin(secret).map_err(|e| crate::ValidationErrors {
            fields: e.fields.into_iter().map(|f| crate::FieldError { field: "secret".into(), ..f }).collect(),
        });
    }
    if n < 8 {
        return Err(crate::ValidationErrors {
            fields: vec![crate::FieldError::new(
                "secret",
                "short_password",
                "A password is at least 8 characters (or use a PIN of 4 to 8 digits).",
            )],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::normalize_pin;

    fn codes(s: &str) -> Vec<String> {
        check_secret(&normalize_pin(s))
            .err()
            .map(|e| e.fields.into_iter().map(|f| f.code).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_pin_is_four_to_eight_digits_in_any_script_and_a_password_at_least_eight_characters() {
        assert!(codes("2580").is_empty());
        assert!(codes("۲۵۸۰۳۶").is_empty(), "Persian digits are a PIN");
        assert!(codes("correct horse").is_empty());
        assert_eq!(codes("258"), ["invalid_pin"]);
        assert_eq!(codes("258036914"), ["invalid_pin"]);
        assert_eq!(codes("1234"), ["weak_pin"]);
        assert_eq!(codes("short"), ["short_password"]);
        assert_eq!(codes(""), ["short_password"]);
    }

    #[test]
    fn a_rep_sees_only_what_they_captured_or_were_assigned_and_managers_and_marketing_see_all() {
        let rep = Viewer { user_id: "r1".into(), role: Role::Rep };
        assert!(rep.sees("r1", None));
        assert!(rep.sees("r2", Some("r1")));
        assert!(!rep.sees("r2", None));
        assert!(!rep.sees("r2", Some("r3")));
        for role in [Role::Manager, Role::Marketing] {
            assert!(Viewer { user_id: "m".into(), role }.sees("r2", None));
        }
        assert!(!Viewer { user_id: "k".into(), role: Role::Kiosk }.sees("k", None));
    }
}
