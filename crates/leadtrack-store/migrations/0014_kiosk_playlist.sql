-- The kiosk's attract playlist, per show: materials of the pack in use, in order, each shown
-- for `seconds` (a video plays to its end instead), after the kiosk has been idle for
-- `kiosk_attract.idle_seconds`. Rows name a material by id, not by foreign key: installing a
-- newer pack replaces `materials`, and an item the pack no longer has is skipped, not lost.
-- No foreign key to `events` either: a show arriving again by sync must not wipe its playlist.
CREATE TABLE kiosk_playlist (
    event_id     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    material_id  TEXT NOT NULL,
    seconds      INTEGER NOT NULL CHECK (seconds BETWEEN 2 AND 600),
    PRIMARY KEY (event_id, position)
) WITHOUT ROWID;

CREATE TABLE kiosk_attract (
    event_id      TEXT PRIMARY KEY,
    idle_seconds  INTEGER NOT NULL CHECK (idle_seconds BETWEEN 5 AND 3600)
) WITHOUT ROWID;
