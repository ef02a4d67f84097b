-- 0002: full-text search over leads. The trigram tokenizer finds substrings in any
-- script, so "华强照明" or "احمدی" match inside names without word boundaries. Only the
-- short identifying fields are indexed.
--
-- The index is derived data, kept off the save path: a save only queues its lead in
-- `search_queue` (one small row); the store's background thread moves queued leads into
-- the index moments later, and search reads queued leads directly until then, so a lead
-- is findable the instant it is saved. Contentless with deletes, so re-indexing an edited
-- lead needs only its rowid.
CREATE VIRTUAL TABLE leads_fts USING fts5 (
    name, company, email, title, phone,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);

CREATE TABLE search_queue (
    seq INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER leads_search_queue_insert AFTER INSERT ON leads BEGIN
    INSERT OR IGNORE INTO search_queue (seq) VALUES (new.seq);
END;

CREATE TRIGGER leads_search_queue_update AFTER UPDATE OF name, company, email, title, phone ON leads BEGIN
    INSERT OR IGNORE INTO search_queue (seq) VALUES (new.seq);
END;

-- Leads saved before this migration are indexed by the background thread like new ones.
INSERT INTO search_queue (seq) SELECT seq FROM leads;
