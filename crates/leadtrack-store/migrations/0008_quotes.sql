-- Quotes (issue 6). A pricebook is stored whole, as JSON, once per version: an import or an
-- edit adds a version and never changes an old one, so a quote always shows the prices it
-- was made with.
CREATE TABLE pricebooks (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT REFERENCES users (id),
    PRIMARY KEY (id, version)
) STRICT;

-- A quote keeps its request and the estimate the pricebook version gave (json) and, for
-- lists and reports, the totals. Its interaction (kind `quote`) is written in the same
-- transaction and is what sync carries.
CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    pricebook_id TEXT NOT NULL,
    pricebook_version INTEGER NOT NULL,
    currency TEXT NOT NULL,
    total_low INTEGER NOT NULL,
    total_high INTEGER NOT NULL,
    valid_until TEXT,
    notes TEXT NOT NULL DEFAULT '',
    promo_code TEXT NOT NULL DEFAULT '',
    interaction_id TEXT REFERENCES interactions (id),
    json TEXT NOT NULL,
    FOREIGN KEY (pricebook_id, pricebook_version) REFERENCES pricebooks (id, version)
) STRICT;
CREATE INDEX quotes_by_lead ON quotes (lead_id, created_at);

-- Promo codes per show; user_id '' is the show's own code, a user id that rep's.
CREATE TABLE promo_codes (
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
) STRICT;
