-- Interactions travel to the server as their own append-only items (a quote handed out,
-- a brochure shown): each keeps the clock stamp it was made with and a one-line summary,
-- and an outbox row that points at it instead of at a lead version.
ALTER TABLE interactions ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
ALTER TABLE interactions ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN interaction_id TEXT REFERENCES interactions (id);
CREATE INDEX outbox_by_interaction ON outbox (interaction_id) WHERE interaction_id IS NOT NULL;
