-- Content packs (issue 7). Files live content-addressed under <data dir>/content/<sha256>;
-- these tables say which pack is in use. Switching packs replaces every row in one
-- transaction, after every file has been verified, so a failed import leaves the old pack.

-- The pack in use: at most one row.
CREATE TABLE content_pack (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    version       TEXT NOT NULL,
    manifest_json TEXT NOT NULL,
    origin        TEXT NOT NULL,        -- download | folder | zip | demo
    installed_at  INTEGER NOT NULL
);

-- The items of the pack in use, in manifest order.
CREATE TABLE materials (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('pdf', 'image', 'video', 'markdown')),
    language     TEXT NOT NULL,
    tags_json    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    mime         TEXT NOT NULL,
    public_url   TEXT,
    -- Markdown pages only: sanitised HTML (see leadtrack-content::markdown).
    html         TEXT,
    -- Lower-cased title, tags and page text, for search.
    search_text  TEXT NOT NULL
);
CREATE INDEX materials_sha256 ON materials (sha256);
