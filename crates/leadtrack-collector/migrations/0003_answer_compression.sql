-- A stored answer is ~70 bytes per item (70 KB for a full batch) and is written once per
-- batch but read back only on a re-send. PostgreSQL's default pglz compression of that text
-- cost about a millisecond per batch on the write path; lz4 compresses it about ten times
-- faster. Servers built without lz4 keep pglz (the setting lists what the build supports).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE batches ALTER COLUMN response SET COMPRESSION lz4;
    END IF;
END $$;
