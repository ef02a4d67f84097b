//! Staff sign-in and the team a manager keeps.
//!
//! A person's PIN or password is an argon2id hash on their `users` row (the kiosk PIN's
//! hashing and lockout rule: 5 wrong → 5 min, doubling to an hour, counted per person and
//! persisted). Who is signed in is the `active_user` setting: the author of every save and
//! the viewer of every read from the rep window. The app clears it at launch, so a restart
//! always asks again.

use leadtrack_domain::assign::AssignProfile;
use leadtrack_domain::kiosk::{lockout_ms, normalize_pin, PinCheck, PIN_ATTEMPTS};
use leadtrack_domain::user::check_secret;
use leadtrack_domain::{AuditAction, FieldError, Role, SignInUser, User, ValidationErrors, Viewer};
use rusqlite::{params, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::access::{audit, require_manager};
use crate::kiosk::{hash_secret, verify_secret};
use crate::{settings, users, Error, Result, Store};

/// The setting naming who is signed in at this device.
pub const SIGNED_IN: &str = "active_user";
/// Minutes without a touch before the rep window locks (0: never).
pub const IDLE_LOCK: &str = "session.idle_lock_minutes";
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// A team member as Settings → Team lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub has_secret: bool,
    /// Wrong guesses lock the person out until then (unix ms; 0 when not locked).
    #[ts(type = "number")]
    pub locked_until: i64,
    pub profile: AssignProfile,
}

fn invalid(field: &str, code: &str, message: &str) -> Error {
    Error::Invalid(ValidationErrors { fields: vec![FieldError::new(field, code, message)] })
}

impl Store {
    /// The names the sign-in screen offers: everyone but the kiosk's own user.
    pub fn sign_in_users(&self) -> Result<Vec<SignInUser>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, role, secret_hash IS NOT NULL FROM users WHERE role <> 'kiosk' ORDER BY name",
            )?;
            let rows = st.query_map([], |r| {
                let role: String = r.get(2)?;
                Ok(SignInUser {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: Role::parse(&role).unwrap_or(Role::Rep),
                    has_secret: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Checks `secret` for `user_id` at `now`; on success they are signed in. Decided and
    /// recorded in one transaction (two windows guessing at once cannot share a guess).
    /// `NotSet` when the person has no PIN yet: [`Store::choose_secret`] first.
    pub fn sign_in(&self, user_id: &str, secret: &str, now: i64) -> Result<PinCheck> {
        let secret = normalize_pin(secret);
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let user = users::get(&tx, user_id)?;
            if user.role == Role::Kiosk {
                return Err(Error::Forbidden("The kiosk's user cannot sign in.".into()));
            }
            let (hash, failures, until): (Option<String>, u32, i64) =
                tx.query_row("SELECT secret_hash, failures, locked_until FROM users WHERE id = ?1", [user_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            let Some(hash) = hash else { return Ok(PinCheck::NotSet) };
            if now < until {
                return Ok(PinCheck::LockedOut { until });
            }
            let answer = if verify_secret(&hash, &secret)? {
                tx.execute("UPDATE users SET failures = 0, locked_until = 0 WHERE id = ?1", [user_id])?;
                settings::set(&tx, SIGNED_IN, user_id)?;
                audit(&tx, Some(user_id), AuditAction::SignedIn, None, serde_json::json!({}))?;
                PinCheck::Accepted
            } else {
                let failures = failures.saturating_add(1);
                let answer = match lockout_ms(failures) {
                    Some(ms) => PinCheck::LockedOut { until: now.saturating_add(ms) },
                    None => PinCheck::Wrong { attempts_left: PIN_ATTEMPTS - failures % PIN_ATTEMPTS },
                };
                let until = if let PinCheck::LockedOut { until } = answer { until } else { 0 };
                tx.execute(
                    "UPDATE users SET failures = ?2, locked_until = ?3 WHERE id = ?1",
                    params![user_id, failures, until],
                )?;
                audit(
                    &tx,
                    Some(user_id),
                    AuditAction::SignInFailed,
                    None,
                    serde_json::json!({ "failures": failures }),
                )?;
                answer
            };
            tx.commit()?;
            Ok(answer)
        })
    }

    /// A person without a PIN yet chooses one (their first sign-in) and is signed in.
    /// Refused once they have one: changing it takes a manager.
    pub fn choose_secret(&self, user_id: &str, secret: &str) -> Result<PinCheck> {
        let secret = normalize_pin(secret);
        check_secret(&secret)?;
        let hash = hash_secret(&secret)?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let user = users::get(&tx, user_id)?;
            if user.role == Role::Kiosk {
                return Err(Error::Forbidden("The kiosk's user cannot sign in.".into()));
            }
            let set = tx.execute(
                "UPDATE users SET secret_hash = ?2, failures = 0, locked_until = 0
                 WHERE id = ?1 AND secret_hash IS NULL",
                [user_id, &hash],
            )?;
            if set == 0 {
                return Err(invalid(
                    "secret",
                    "secret_set",
                    "This person already has a PIN; ask a manager to reset it.",
                ));
            }
            settings::set(&tx, SIGNED_IN, user_id)?;
            audit(&tx, Some(user_id), AuditAction::SignedIn, None, serde_json::json!({ "first": true }))?;
            tx.commit()?;
            Ok(PinCheck::Accepted)
        })
    }

    /// Signs whoever is signed in out (a no-op when nobody is).
    pub fn sign_out(&self) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(id) = settings::get(&tx, SIGNED_IN)? {
                tx.execute("DELETE FROM settings WHERE key = ?1", [SIGNED_IN])?;
                audit(&tx, Some(&id), AuditAction::SignedOut, None, serde_json::json!({}))?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// The signed-in person, if any (a setting naming a deleted user reads as nobody).
    pub fn signed_in(&self) -> Result<Option<User>> {
        self.read(|c| match settings::get(c, SIGNED_IN)? {
            Some(id) => Ok(users::get(c, &id).ok()),
            None => Ok(None),
        })
    }

    /// The signed-in person as a viewer; `Forbidden` when nobody is signed in.
    pub fn viewer(&self) -> Result<Viewer> {
        self.signed_in()?.map(|u| Viewer::of(&u)).ok_or_else(|| Error::Forbidden("Sign in to see leads.".into()))
    }

    /// Minutes of idleness before the rep window locks.
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        Ok(self.setting(IDLE_LOCK)?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    pub fn set_idle_lock_minutes(&self, by: &Viewer, minutes: u32) -> Result<()> {
        require_manager(by)?;
        if minutes > 24 * 60 {
            return Err(invalid("minutes", "too_long", "At most a day (1440 minutes)."));
        }
        self.set_setting(IDLE_LOCK, &minutes.to_string())
    }

    /// Everyone but the kiosk user, with what Settings → Team shows; managers only.
    pub fn team(&self, by: &Viewer) -> Result<Vec<TeamMember>> {
        require_manager(by)?;
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, email, role, secret_hash IS NOT NULL, locked_until, assign_json
                 FROM users WHERE role <> 'kiosk' ORDER BY name",
            )?;
            let rows = st.query_map([], |r| {
                let role: String = r.get(3)?;
                let profile: String = r.get(6)?;
                Ok(TeamMember {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    email: r.get(2)?,
                    role: Role::parse(&role).unwrap_or(Role::Rep),
                    has_secret: r.get(4)?,
                    locked_until: r.get(5)?,
                    profile: serde_json::from_str(&profile).unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// A manager adds a person (without a PIN: they choose one at their first sign-in).
    pub fn add_team_member(&self, by: &Viewer, name: &str, email: &str, role: Role) -> Result<User> {
        require_manager(by)?;
        if name.trim().is_empty() {
            return Err(invalid("name", "required", "A name is needed."));
        }
        if role == Role::Kiosk {
            return Err(invalid("role", "kiosk", "The kiosk's user is made by the kiosk."));
        }
        let user = self.create_user(name, email, role)?;
        let detail = serde_json::json!({ "added": user.id, "role": role.as_str() });
        self.write(|c| audit(c, Some(&by.user_id), AuditAction::TeamChanged, None, detail))?;
        Ok(user)
    }

    /// A manager changes a person's role; the last manager cannot stop being one (nobody
    /// could manage the team after).
    pub fn set_role(&self, by: &Viewer, user_id: &str, role: Role) -> Result<()> {
        require_manager(by)?;
        if role == Role::Kiosk {
            return Err(invalid("role", "kiosk", "The kiosk's user is made by the kiosk."));
        }
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let before = users::get(&tx, user_id)?;
            if before.role == Role::Kiosk {
                return Err(invalid("role", "kiosk", "The kiosk's user keeps its role."));
            }
            if before.role == Role::Manager && role != Role::Manager {
                let managers: i64 =
                    tx.query_row("SELECT COUNT(*) FROM users WHERE role = 'manager'", [], |r| r.get(0))?;
                if managers <= 1 {
                    return Err(invalid("role", "last_manager", "The team needs at least one manager."));
                }
            }
            tx.execute("UPDATE users SET role = ?2 WHERE id = ?1", [user_id, role.as_str()])?;
            let detail = serde_json::json!({ "user": user_id, "role": role.as_str(), "was": before.role.as_str() });
            audit(&tx, Some(&by.user_id), AuditAction::TeamChanged, None, detail)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A manager resets a person's PIN: to `secret` when given, else to none (they choose
    /// one at their next sign-in). Ends any lockout.
    pub fn reset_secret(&self, by: &Viewer, user_id: &str, secret: Option<&str>) -> Result<()> {
        require_manager(by)?;
        let hash = match secret.map(normalize_pin) {
            Some(s) => {
                check_secret(&s)?;
                Some(hash_secret(&s)?)
            }
            None => None,
        };
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            users::get(&tx, user_id)?;
            tx.execute(
                "UPDATE users SET secret_hash = ?2, failures = 0, locked_until = 0 WHERE id = ?1",
                params![user_id, hash],
            )?;
            let detail = serde_json::json!({ "user": user_id, "reset_secret": true });
            audit(&tx, Some(&by.user_id), AuditAction::TeamChanged, None, detail)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// A manager sets what automatic assignment knows about a rep.
    pub fn set_assign_profile(&self, by: &Viewer, user_id: &str, profile: &AssignProfile) -> Result<()> {
        require_manager(by)?;
        self.write(|c| {
            let n = c.execute(
                "UPDATE users SET assign_json = ?2 WHERE id = ?1",
                [user_id, &serde_json::to_string(profile)?],
            )?;
            if n == 0 {
                return Err(Error::NotFound { what: "user", id: user_id.into() });
            }
            Ok(())
        })
    }

    /// Sets a PIN without a manager: the demo seed and tests, on a store no one uses yet.
    pub(crate) fn set_secret_unchecked(&self, user_id: &str, secret: &str) -> Result<()> {
        let hash = hash_secret(&normalize_pin(secret))?;
        self.write(|c| {
            c.execute("UPDATE users SET secret_hash = ?2 WHERE id = ?1", [user_id, &hash])?;
            Ok(())
        })
    }

    /// At launch: nobody is signed in until they sign in again.
    pub fn end_session_at_launch(&self) -> Result<()> {
        self.write(|c| {
            c.execute("DELETE FROM settings WHERE key = ?1", [SIGNED_IN])?;
            Ok(())
        })
    }
}
