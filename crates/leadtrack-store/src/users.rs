//! The people at a booth.

use leadtrack_domain::{Role, User};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::{new_id, now_ms, Error, Result, Store};

fn from_row(r: &Row) -> rusqlite::Result<User> {
    let role: String = r.get(3)?;
    Ok(User { id: r.get(0)?, name: r.get(1)?, email: r.get(2)?, role: Role::parse(&role).unwrap_or(Role::Rep) })
}

pub fn get(conn: &Connection, id: &str) -> Result<User> {
    conn.prepare_cached("SELECT id, name, email, role FROM users WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "user", id: id.to_string() })
}

impl Store {
    pub fn create_user(&self, name: &str, email: &str, role: Role) -> Result<User> {
        let user = User { id: new_id(), name: name.trim().to_string(), email: email.trim().to_string(), role };
        self.write(|c| {
            c.execute(
                "INSERT INTO users (id, name, email, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                (&user.id, &user.name, &user.email, role.as_str(), now_ms()),
            )?;
            Ok(())
        })?;
        Ok(user)
    }

    pub fn users(&self) -> Result<Vec<User>> {
        self.read(|c| {
            let mut st = c.prepare("SELECT id, name, email, role FROM users ORDER BY name")?;
            let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    pub fn user(&self, id: &str) -> Result<User> {
        self.read(|c| get(c, id))
    }
}
