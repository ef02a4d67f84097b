-- Interactions with leads (a quote handed out, a brochure shown, a call): append-only facts,
-- each stored once under the id the device gave it.
CREATE TABLE interactions (
    interaction_id uuid PRIMARY KEY,
    lead_id        uuid NOT NULL,
    hlc            text COLLATE "C" NOT NULL,
    kind           text NOT NULL,
    hash           text NOT NULL,
    payload        jsonb NOT NULL,
    device_id      text NOT NULL,
    batch_id       uuid NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_by_lead ON interactions (lead_id, hlc);

CREATE FUNCTION interactions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'interactions are append-only';
END $$;
CREATE TRIGGER interactions_no_update_or_delete BEFORE UPDATE OR DELETE ON interactions
    FOR EACH ROW EXECUTE FUNCTION interactions_are_append_only();
CREATE TRIGGER interactions_no_truncate BEFORE TRUNCATE ON interactions
    FOR EACH STATEMENT EXECUTE FUNCTION interactions_are_append_only();

-- The current version of each lead is now read from history instead of kept in a second
-- table: every accepted edit is in `lead_history` exactly once already, so writing the
-- winner again doubled the cost of a batch (the jsonb twice, two indexes) for nothing the
-- history does not say. `leads_current` becomes a view with the same columns: the newest
-- stamp per lead, found through the history's primary key. The old table is kept, renamed,
-- and no longer written (nothing is deleted).
ALTER TABLE leads_current RENAME TO leads_current_until_v2;
ALTER INDEX leads_current_pkey RENAME TO leads_current_until_v2_pkey;
CREATE VIEW leads_current AS
    SELECT DISTINCT ON (lead_id)
           lead_id, version, hlc, hash, payload, device_id, batch_id, received_at AS updated_at
    FROM lead_history
    ORDER BY lead_id, hlc DESC;

-- The device is authenticated against `devices` on every request and devices are never
-- deleted (revoking sets `revoked_at`), so the per-row foreign-key check on history bought
-- no safety and cost a lookup per lead.
ALTER TABLE lead_history DROP CONSTRAINT lead_history_device_id_fkey;
