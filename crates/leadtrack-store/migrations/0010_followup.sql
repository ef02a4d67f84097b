-- Follow-up (issue 8): tasks made by a show's rules when a lead is graded, reminders, alerts.

-- The venue's IANA time zone ("Asia/Shanghai"); NULL: the venue country's main zone, else UTC
-- (leadtrack_domain::followup::time_zone). "T+1 at 9:00" is counted in it.
ALTER TABLE events ADD COLUMN time_zone TEXT;

-- A rule task is identified by (lead, grade, step): grading the same again finds it and adds
-- nothing. Tasks not made by rules have no grade/step. `status`: open | done | cancelled.
-- The task's owner is read, not stored: the lead's assignee, else whoever captured it.
ALTER TABLE tasks ADD COLUMN grade TEXT;
ALTER TABLE tasks ADD COLUMN step INTEGER;
ALTER TABLE tasks ADD COLUMN template TEXT NOT NULL DEFAULT '';
-- A snoozed task is due again at this time (due_at keeps the rule's time for reports).
ALTER TABLE tasks ADD COLUMN snoozed_until INTEGER;
ALTER TABLE tasks ADD COLUMN done_by TEXT REFERENCES users (id);
ALTER TABLE tasks ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
-- The reminder already shown for the current due time: '' | 'due' | 'overdue'. A snooze
-- clears it, so each state is notified once.
ALTER TABLE tasks ADD COLUMN notified TEXT NOT NULL DEFAULT '';
-- Bumped on every change: the calendar export's SEQUENCE.
ALTER TABLE tasks ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tasks_open_by_due ON tasks (status, due_at);

-- Something the app should tell a person about (now: an A lead captured, for managers).
-- `delivered_at` is set once the app has shown it.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    lead_id      TEXT NOT NULL REFERENCES leads (id),
    -- Who should see it: a role ('manager') or a user id.
    audience     TEXT NOT NULL,
    message      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER
) STRICT;
CREATE INDEX alerts_undelivered ON alerts (audience, delivered_at);

-- A person's tasks are found through the leads they own (assignee, else capturer).
CREATE INDEX leads_by_owner ON leads (COALESCE(assigned_to, captured_by));
