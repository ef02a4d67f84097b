-- 0005: the organiser's attendee list, leads waiting for it, merged leads, per-show badge
-- profiles, and what kiosk visitors consented to and answered.

-- One row per attendee of a show, keyed by the normalised id (`attendee::id_key`) so
-- `000123`, `123` and `REG-123` printed different ways still meet.
CREATE TABLE attendees (
    event_id    TEXT NOT NULL REFERENCES events (id),
    id_key      TEXT NOT NULL,
    attendee_id TEXT NOT NULL,
    company     TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, id_key)
) STRICT, WITHOUT ROWID;

-- The attendee id a badge carried; `to_reconcile` = 1 while the list has not told us who
-- that was. Few leads wait, so the index is partial.
ALTER TABLE leads ADD COLUMN attendee_id TEXT;
ALTER TABLE leads ADD COLUMN to_reconcile INTEGER NOT NULL DEFAULT 0;
CREATE INDEX leads_to_reconcile ON leads (event_id) WHERE to_reconcile = 1;

-- A lead merged into another stays (with its history) and points at the survivor.
ALTER TABLE leads ADD COLUMN merged_into TEXT REFERENCES leads (id);

-- The show's badge profile (JSON, `leadtrack_badge::BadgeProfile`); NULL = auto-detect.
ALTER TABLE events ADD COLUMN badge_profile TEXT;

-- A kiosk visitor's consent (JSON `Consent`: wording version, language, the statement and
-- channel wording as shown, when) and answers to the show's questions (JSON `[Answer]`).
ALTER TABLE leads ADD COLUMN consent_json TEXT;
ALTER TABLE leads ADD COLUMN answers_json TEXT;
