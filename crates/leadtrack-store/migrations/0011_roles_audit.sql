-- 0011: staff sign-in, assignment coverage and the audit log (issue 8, items 1 and 5).

-- A person's PIN or password as an argon2id PHC string (NULL: not chosen yet; the first
-- sign-in asks for one), their own wrong-guess counter and lockout, and the coverage the
-- automatic assignment reads (JSON: regions, interests, languages).
ALTER TABLE users ADD COLUMN secret_hash TEXT;
ALTER TABLE users ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN assign_json TEXT NOT NULL DEFAULT '{}';

-- A rep's list is "captured by me or assigned to me": both columns lead the rep's query.
CREATE INDEX leads_by_assignee ON leads (assigned_to, updated_at DESC) WHERE assigned_to IS NOT NULL;

-- Append-only: who did what to which lead, when.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    action      TEXT NOT NULL,
    lead_id     TEXT,
    detail_json TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_by_user ON audit_log (user_id, seq);
CREATE INDEX audit_by_action ON audit_log (action, seq);
-- "Viewed again within minutes?" looks up one lead's rows.
CREATE INDEX audit_by_lead ON audit_log (lead_id, seq) WHERE lead_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
