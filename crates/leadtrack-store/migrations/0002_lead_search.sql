-- 0002: full-text search over leads. The trigram tokenizer finds substrings in any
-- script, so "华强照明" or "احمدی" match inside names without word boundaries. Only the
-- short identifying fields are indexed: every trigram is written on every save.
CREATE VIRTUAL TABLE leads_fts USING fts5 (
    name, company, email, title, phone,
    content = 'leads', content_rowid = 'seq', tokenize = 'trigram'
);

CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
    INSERT INTO leads_fts (rowid, name, company, email, title, phone)
    VALUES (new.seq, new.name, new.company, new.email, new.title, new.phone);
END;

CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, name, company, email, title, phone)
    VALUES ('delete', old.seq, old.name, old.company, old.email, old.title, old.phone);
END;

CREATE TRIGGER leads_fts_update AFTER UPDATE OF name, company, email, title, phone ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, name, company, email, title, phone)
    VALUES ('delete', old.seq, old.name, old.company, old.email, old.title, old.phone);
    INSERT INTO leads_fts (rowid, name, company, email, title, phone)
    VALUES (new.seq, new.name, new.company, new.email, new.title, new.phone);
END;

-- Leads saved before this migration become searchable too.
INSERT INTO leads_fts (leads_fts) VALUES ('rebuild');
