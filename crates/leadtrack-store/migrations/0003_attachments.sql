-- 0003: photos (business card, person, drawings) and voice memos attached to a lead.
-- The bytes live in files named by their SHA-256 under <data dir>/attachments/; a row here
-- says which lead they belong to. A file is written and fsync'd before its row commits, so
-- a row never points at a missing file; a file left with no row by a crash is harmless.
CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    lead_id    TEXT NOT NULL REFERENCES leads (id),
    kind       TEXT NOT NULL CHECK (kind IN ('card', 'person', 'drawing', 'voice')),
    mime       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    bytes      INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX attachments_by_lead ON attachments (lead_id, created_at);
