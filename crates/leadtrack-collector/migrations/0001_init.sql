-- LeadTrack collector schema v1. Shipped migrations are never edited (a test pins checksums).

-- Enrolled booth devices. `secrets` holds the `whsec_…` keys a signature may match: one
-- normally, two while a rotation is under way (newest last). A revoked device is refused.
CREATE TABLE devices (
    device_id  text PRIMARY KEY,
    name       text NOT NULL,
    secrets    text[] NOT NULL CHECK (cardinality(secrets) BETWEEN 1 AND 4),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- The newest edit of each lead. `hlc` is the canonical stamp, whose byte order is stamp order:
-- COLLATE "C" makes `<` compare bytes whatever the database's locale.
CREATE TABLE leads_current (
    lead_id    uuid PRIMARY KEY,
    version    bigint NOT NULL,
    hlc        text COLLATE "C" NOT NULL,
    hash       text NOT NULL,
    payload    jsonb NOT NULL,
    device_id  text NOT NULL REFERENCES devices,
    batch_id   uuid NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every edit the server has accepted, current or stale, once each. Never updated or deleted.
CREATE TABLE lead_history (
    lead_id     uuid NOT NULL,
    hlc         text COLLATE "C" NOT NULL,
    version     bigint NOT NULL,
    hash        text NOT NULL,
    payload     jsonb NOT NULL,
    device_id   text NOT NULL REFERENCES devices,
    batch_id    uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lead_id, hlc)
);

CREATE FUNCTION lead_history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lead_history is append-only';
END $$;
CREATE TRIGGER lead_history_no_update_or_delete BEFORE UPDATE OR DELETE ON lead_history
    FOR EACH ROW EXECUTE FUNCTION lead_history_is_append_only();
CREATE TRIGGER lead_history_no_truncate BEFORE TRUNCATE ON lead_history
    FOR EACH STATEMENT EXECUTE FUNCTION lead_history_is_append_only();

-- One row per applied batch, written in the batch's own transaction: a re-send of the same
-- id gets `response` back byte for byte (text, not jsonb, which would reorder keys).
CREATE TABLE batches (
    batch_id    uuid PRIMARY KEY,
    device_id   text NOT NULL REFERENCES devices,
    body_sha256 text NOT NULL,
    item_count  integer NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    response    text NOT NULL
);

-- Advisory-lock keys. Every writer of a lead holds its key for the rest of its transaction, so
-- the upsert never waits on a row lock; an operator can hold one too (pg_advisory_lock) to
-- freeze a lead. Batches take theirs so a re-send racing the first send waits for its answer.
CREATE FUNCTION lead_lock_key(uuid) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashtextextended('lead:' || $1::text, 0) $$;
CREATE FUNCTION batch_lock_key(uuid) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashtextextended('batch:' || $1::text, 0) $$;
