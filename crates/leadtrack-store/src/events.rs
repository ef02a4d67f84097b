//! Shows (events) and their capture forms.

use leadtrack_domain::{Event, EventInput};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::{new_id, now_ms, Error, Result, Store};

const COLUMNS: &str = "id, tag, name, starts_on, ends_on, booth, country, form_json";
/// Read with every show but never written by `create_event` (a new show auto-detects badges).
const SELECT: &str = "SELECT id, tag, name, starts_on, ends_on, booth, country, form_json, badge_profile";

fn from_row(r: &Row) -> rusqlite::Result<(Event, String)> {
    Ok((
        Event {
            id: r.get(0)?,
            tag: r.get(1)?,
            name: r.get(2)?,
            starts_on: r.get(3)?,
            ends_on: r.get(4)?,
            booth: r.get(5)?,
            country: r.get(6)?,
            form: Default::default(),
            badge_profile: r.get(8)?,
        },
        r.get(7)?,
    ))
}

fn with_form((mut event, form_json): (Event, String)) -> Result<Event> {
    event.form = serde_json::from_str(&form_json)?;
    Ok(event)
}

pub fn get(conn: &Connection, id: &str) -> Result<Event> {
    let row = conn
        .prepare_cached(&format!("{SELECT} FROM events WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "show", id: id.to_string() })?;
    with_form(row)
}

impl Store {
    /// Creates a show. Its tag must be unique: it is printed on handouts and carried by leads.
    pub fn create_event(&self, input: EventInput) -> Result<Event> {
        let input = input.validated()?;
        let event = Event {
            id: new_id(),
            tag: input.tag,
            name: input.name,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            booth: input.booth,
            country: input.country,
            form: input.form,
            badge_profile: None,
        };
        let form_json = serde_json::to_string(&event.form)?;
        self.write(|c| {
            let taken: bool =
                c.query_row("SELECT EXISTS (SELECT 1 FROM events WHERE tag = ?1)", [&event.tag], |r| r.get(0))?;
            if taken {
                return Err(leadtrack_domain::ValidationErrors {
                    fields: vec![leadtrack_domain::FieldError::new(
                        "tag",
                        "tag_taken",
                        "Another show already uses this tag.",
                    )],
                }
                .into());
            }
            c.execute(
                &format!("INSERT INTO events ({COLUMNS}, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                (
                    &event.id,
                    &event.tag,
                    &event.name,
                    &event.starts_on,
                    &event.ends_on,
                    &event.booth,
                    &event.country,
                    &form_json,
                    now_ms(),
                ),
            )?;
            Ok(())
        })?;
        Ok(event)
    }

    /// Every show, the newest first.
    pub fn events(&self) -> Result<Vec<Event>> {
        self.read(|c| {
            let mut st = c.prepare(&format!("{SELECT} FROM events ORDER BY starts_on DESC, name"))?;
            let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(with_form).collect()
        })
    }

    pub fn event(&self, id: &str) -> Result<Event> {
        self.read(|c| get(c, id))
    }

    /// Saves the show's badge profile text as given, or clears it (`None`: auto-detect).
    /// The text is not checked here: the store keeps data, and the caller validates it with
    /// `leadtrack_badge` (which the store does not depend on) before saving.
    pub fn set_badge_profile(&self, event_id: &str, profile: Option<&str>) -> Result<Event> {
        self.write(|c| {
            let changed = c.execute("UPDATE events SET badge_profile = ?2 WHERE id = ?1", (event_id, profile))?;
            if changed == 0 {
                return Err(Error::NotFound { what: "show", id: event_id.to_string() });
            }
            get(c, event_id)
        })
    }

    /// Just the show's badge profile text, for the scan path (no form JSON to decode).
    pub fn badge_profile(&self, event_id: &str) -> Result<Option<String>> {
        self.read(|c| {
            c.prepare_cached("SELECT badge_profile FROM events WHERE id = ?1")?
                .query_row([event_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::NotFound { what: "show", id: event_id.to_string() })
        })
    }
}

#[cfg(test)]
mod tests {
    use leadtrack_domain::{CaptureForm, EventInput};

    use crate::{Error, Store};

    fn show(store: &Store, tag: &str) -> leadtrack_domain::Event {
        store
            .create_event(EventInput {
                tag: tag.into(),
                name: format!("Show {tag}"),
                starts_on: "2026-11-23".into(),
                ends_on: "2026-11-25".into(),
                booth: String::new(),
                country: "CN".into(),
                form: CaptureForm::default(),
            })
            .unwrap()
    }

    #[test]
    fn a_shows_badge_profile_is_saved_as_written_survives_a_reopen_and_can_be_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let profile = "{\n  \"name\": \"TechExpo\",\n  \"delimiter\": \"^\",\n  \"fields\": [\"id\", \"name\"]\n}";
        let (a, b) = {
            let store = Store::open(dir.path()).unwrap();
            let (a, b) = (show(&store, "A"), show(&store, "B"));
            assert_eq!(a.badge_profile, None, "a new show auto-detects");
            let saved = store.set_badge_profile(&a.id, Some(profile)).unwrap();
            assert_eq!(saved.badge_profile.as_deref(), Some(profile));
            (a, b)
        };
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.event(&a.id).unwrap().badge_profile.as_deref(), Some(profile));
        assert_eq!(store.badge_profile(&a.id).unwrap().as_deref(), Some(profile));
        assert_eq!(store.badge_profile(&b.id).unwrap(), None, "only that show has it");
        let listed: Vec<_> = store.events().unwrap().into_iter().map(|e| (e.tag, e.badge_profile)).collect();
        assert!(listed.contains(&("A".into(), Some(profile.into()))) && listed.contains(&("B".into(), None)));

        assert_eq!(store.set_badge_profile(&a.id, None).unwrap().badge_profile, None);
        assert_eq!(store.badge_profile(&a.id).unwrap(), None);
    }

    #[test]
    fn a_badge_profile_for_a_show_that_does_not_exist_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(matches!(store.set_badge_profile("no-such-show", Some("{}")), Err(Error::NotFound { .. })));
        assert!(matches!(store.badge_profile("no-such-show"), Err(Error::NotFound { .. })));
    }
}
