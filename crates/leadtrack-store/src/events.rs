//! Shows (events) and their capture forms.

use leadtrack_domain::{Event, EventInput};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::{new_id, now_ms, Error, Result, Store};

const COLUMNS: &str = "id, tag, name, starts_on, ends_on, booth, country, form_json";

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
        .prepare_cached(&format!("SELECT {COLUMNS} FROM events WHERE id = ?1"))?
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
            let mut st = c.prepare(&format!("SELECT {COLUMNS} FROM events ORDER BY starts_on DESC, name"))?;
            let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(with_form).collect()
        })
    }

    pub fn event(&self, id: &str) -> Result<Event> {
        self.read(|c| get(c, id))
    }
}
