-- Sync, device side. A batch is frozen before its first send: its exact body bytes are
-- kept, so a re-send after a crash or a lost answer is byte-for-byte the same request
-- (same Idempotency-Key, same body). Outbox rows point at the batch they travel in.
CREATE TABLE sync_batches (
    batch_id    TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    body        BLOB NOT NULL,
    items       INTEGER NOT NULL,
    -- open: sent or about to be, not answered; answered: per-item results recorded;
    -- split: refused as too large (413), its rows went back to the queue in smaller batches.
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'split')),
    sends       INTEGER NOT NULL DEFAULT 0,
    answered_at INTEGER
) STRICT;

ALTER TABLE outbox ADD COLUMN batch_id TEXT REFERENCES sync_batches (batch_id);

CREATE INDEX outbox_by_state ON outbox (state, seq);
CREATE INDEX outbox_by_batch ON outbox (batch_id);
-- Reconcile looks up where each lead's newest version stands.
CREATE INDEX outbox_by_lead ON outbox (lead_id, version);
CREATE INDEX sync_batches_open ON sync_batches (state, created_at);

-- One row: what the sync loop last saw, for the backlog the UI always shows.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER
) STRICT;
INSERT INTO sync_state (id) VALUES (1);
