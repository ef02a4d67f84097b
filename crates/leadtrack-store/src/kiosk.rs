//! Kiosk mode on this device: whether it is on (and for which show), the staff PIN's argon2
//! hash, and the wrong-PIN counter. All in `settings`, so kiosk mode and a lockout survive a
//! restart — pulling the plug is not a way out of either.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use leadtrack_domain::kiosk::{
    check_pin, lockout_ms, normalize_pin, registration, KioskForm, KioskRegistration, KioskStatus, PinCheck,
    PIN_ATTEMPTS,
};
use leadtrack_domain::{Event, Lead, Role, User};
use rusqlite::TransactionBehavior;

use crate::{events, leads, settings, Error, Result, Store};

const ACTIVE: &str = "kiosk.event_id";
const PIN_HASH: &str = "kiosk.pin_hash";
const FAILURES: &str = "kiosk.pin_failures";
const LOCKED_UNTIL: &str = "kiosk.locked_until";
const KIOSK_USER: &str = "kiosk.user_id";

impl Store {
    pub fn kiosk_status(&self) -> Result<KioskStatus> {
        self.read(|c| {
            Ok(KioskStatus { event_id: settings::get(c, ACTIVE)?, pin_set: settings::get(c, PIN_HASH)?.is_some() })
        })
    }

    /// Sets (or replaces) the staff PIN. Hashing takes a noticeable moment on purpose.
    pub fn set_kiosk_pin(&self, pin: &str) -> Result<()> {
        let pin = &normalize_pin(pin);
        check_pin(pin)?;
        let hash = hash_secret(pin)?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            settings::set(&tx, PIN_HASH, &hash)?;
            settings::set(&tx, FAILURES, "0")?;
            tx.execute("DELETE FROM settings WHERE key = ?1", [LOCKED_UNTIL])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Turns kiosk mode on for `event_id`. Refused without a PIN: there would be no way out.
    pub fn start_kiosk(&self, event_id: &str) -> Result<()> {
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            events::get(&tx, event_id)?;
            if settings::get(&tx, PIN_HASH)?.is_none() {
                return Err(leadtrack_domain::ValidationErrors {
                    fields: vec![leadtrack_domain::FieldError::new(
                        "pin",
                        "pin_not_set",
                        "Set a staff PIN before starting the kiosk: it is the only way out.",
                    )],
                }
                .into());
            }
            settings::set(&tx, ACTIVE, event_id)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Checks a staff PIN at `now`; on success kiosk mode ends. Every answer is decided and
    /// recorded in one transaction, so two windows guessing at once cannot share a guess.
    pub fn exit_kiosk(&self, pin: &str, now: i64) -> Result<PinCheck> {
        let pin = &normalize_pin(pin);
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(hash) = settings::get(&tx, PIN_HASH)? else { return Ok(PinCheck::NotSet) };
            let until: i64 = settings::get(&tx, LOCKED_UNTIL)?.and_then(|v| v.parse().ok()).unwrap_or(0);
            if now < until {
                return Ok(PinCheck::LockedOut { until });
            }
            let failures: u32 = settings::get(&tx, FAILURES)?.and_then(|v| v.parse().ok()).unwrap_or(0);
            let answer = if verify_secret(&hash, pin)? {
                settings::set(&tx, FAILURES, "0")?;
                tx.execute("DELETE FROM settings WHERE key IN (?1, ?2)", [LOCKED_UNTIL, ACTIVE])?;
                PinCheck::Accepted
            } else {
                let failures = failures.saturating_add(1);
                settings::set(&tx, FAILURES, &failures.to_string())?;
                match lockout_ms(failures) {
                    Some(ms) => {
                        let until = now.saturating_add(ms);
                        settings::set(&tx, LOCKED_UNTIL, &until.to_string())?;
                        PinCheck::LockedOut { until }
                    }
                    None => PinCheck::Wrong { attempts_left: PIN_ATTEMPTS - failures % PIN_ATTEMPTS },
                }
            };
            tx.commit()?;
            Ok(answer)
        })
    }

    /// The show the kiosk registers visitors for, with its kiosk form (the default one when the
    /// show has none). A validation error on `kiosk` when kiosk mode is off.
    pub fn kiosk_show(&self) -> Result<(Event, KioskForm)> {
        self.read(|c| {
            let event = events::get(c, &active(c)?)?;
            let form = event.form.kiosk.clone().unwrap_or_default();
            Ok((event, form))
        })
    }

    /// Saves a visitor's registration at the kiosk as a new lead of the kiosk's show: source
    /// `kiosk`, by the kiosk user, with the consent and answers as the visitor saw them. The
    /// kiosk form's required fields stand in for the rep form's (a visitor does not grade
    /// themselves); the contact fields are validated as for any lead.
    pub fn register_visitor(&self, reg: KioskRegistration, now: i64) -> Result<Lead> {
        self.register_visitor_via(reg, "booth", now)
    }

    /// [`Store::register_visitor`] from somewhere other than the kiosk screen: `channel` is
    /// what the lead's `channel` says (`phone` when the visitor used their own phone).
    pub fn register_visitor_via(&self, reg: KioskRegistration, channel: &str, now: i64) -> Result<Lead> {
        let user = self.kiosk_user()?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut event = events::get(&tx, &active(&tx)?)?;
            let form = event.form.kiosk.clone().unwrap_or_default();
            let valid = registration(reg, &form, &event, now)?;
            event.form.required = form.required.iter().filter(|f| form.fields.contains(f)).cloned().collect();
            let answers = Some((valid.consent, valid.answers));
            let lead = leads::insert(&tx, &self.clock, &event, &user, valid.input, channel, answers)?;
            tx.commit()?;
            Ok(lead)
        })
    }

    /// Saves a show's kiosk form after checking it.
    pub fn set_kiosk_form(&self, event_id: &str, form: KioskForm) -> Result<Event> {
        let form = form.validated()?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut event = events::get(&tx, event_id)?;
            event.form.kiosk = Some(form);
            tx.execute(
                "UPDATE events SET form_json = ?2 WHERE id = ?1",
                (event_id, serde_json::to_string(&event.form)?),
            )?;
            tx.commit()?;
            Ok(event)
        })
    }

    /// The user kiosk registrations are saved as: one per device, role `kiosk`, made on first
    /// use — an ordinary row, so lists say who registered whom.
    pub fn kiosk_user(&self) -> Result<User> {
        if let Some(id) = self.setting(KIOSK_USER)? {
            if let Ok(user) = self.user(&id) {
                return Ok(user);
            }
        }
        let user = self.create_user("Kiosk", "", Role::Kiosk)?;
        self.write(|c| settings::set(c, KIOSK_USER, &user.id))?;
        Ok(user)
    }
}

/// An argon2id PHC string for a PIN or password (the kiosk's staff PIN, a person's sign-in).
/// Hashing takes a noticeable moment on purpose.
pub(crate) fn hash_secret(secret: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|e| Error::Internal(format!("argon2: {e}")))?
        .to_string())
}

/// Whether `secret` matches a hash made by [`hash_secret`].
pub(crate) fn verify_secret(hash: &str, secret: &str) -> Result<bool> {
    let parsed = PasswordHash::new(hash).map_err(|e| Error::Internal(format!("stored secret hash: {e}")))?;
    Ok(Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
}

/// The kiosk's show id, or a validation error when kiosk mode is off.
fn active(conn: &rusqlite::Connection) -> Result<String> {
    settings::get(conn, ACTIVE)?.ok_or_else(|| {
        leadtrack_domain::ValidationErrors {
            fields: vec![leadtrack_domain::FieldError::new("kiosk", "kiosk_off", "Kiosk mode is off on this device.")],
        }
        .into()
    })
}
