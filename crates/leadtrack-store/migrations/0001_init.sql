-- 0001: the core tables. Shipped migrations are never edited; add a new numbered file.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'marketing', 'kiosk')),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE events (
    id         TEXT PRIMARY KEY,
    tag        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    booth      TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    form_json  TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- `seq` is the integer rowid the full-text index points at; `id` is the UUIDv7 minted
-- on the device and used everywhere else (sync, URLs, exports).
CREATE TABLE leads (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    event_id     TEXT NOT NULL REFERENCES events (id),
    status       TEXT NOT NULL,
    source       TEXT NOT NULL,
    channel      TEXT NOT NULL,
    captured_by  TEXT NOT NULL REFERENCES users (id),
    assigned_to  TEXT REFERENCES users (id),
    company      TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    phone_e164   TEXT,
    email        TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    grade        TEXT CHECK (grade IN ('A', 'B', 'C', 'D')),
    key_needs    TEXT NOT NULL DEFAULT '',
    next_action  TEXT,
    badge_raw    TEXT,
    badge_format TEXT,
    version      INTEGER NOT NULL,
    hlc          TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
-- Every index is a page written on every save, so only the ones the list needs: the
-- list walks `updated_at` and filters; drafts are few, so they get a partial index.
CREATE INDEX leads_by_updated ON leads (updated_at DESC);
CREATE INDEX leads_drafts ON leads (updated_at DESC) WHERE status = 'draft';

CREATE TABLE lead_interests (
    lead_id  TEXT NOT NULL REFERENCES leads (id),
    position INTEGER NOT NULL,
    tag      TEXT NOT NULL,
    PRIMARY KEY (lead_id, position)
) STRICT, WITHOUT ROWID;

-- Every save freezes the whole lead here; rows are only ever added.
CREATE TABLE lead_versions (
    lead_id      TEXT NOT NULL REFERENCES leads (id),
    version      INTEGER NOT NULL,
    hlc          TEXT NOT NULL,
    author_id    TEXT NOT NULL,
    saved_at     INTEGER NOT NULL,
    payload_json TEXT NOT NULL,
    PRIMARY KEY (lead_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE interactions (
    id          TEXT PRIMARY KEY,
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    by_user     TEXT,
    detail_json TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX interactions_by_lead ON interactions (lead_id, at);

CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    kind        TEXT NOT NULL,
    due_at      INTEGER NOT NULL,
    assigned_to TEXT REFERENCES users (id),
    status      TEXT NOT NULL DEFAULT 'open',
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
) STRICT;
CREATE INDEX tasks_by_lead ON tasks (lead_id);

-- The transactional outbox: written in the same transaction as the lead; the sync task
-- only ever reads it. Failed items are parked, never deleted (DESIGN invariant 9).
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY,
    lead_id     TEXT NOT NULL REFERENCES leads (id),
    version     INTEGER NOT NULL,
    hlc         TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'inflight', 'acked', 'parked')),
    enqueued_at INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
) STRICT;
