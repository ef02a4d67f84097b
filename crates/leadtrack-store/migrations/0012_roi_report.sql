-- 0012: dashboards, show ROI and the post-show report (issue 8, items 6–8).

-- What a show cost, one row per category (booth, build, travel, materials, other), in
-- integer minor units of one currency per show (the ROI refuses to add mixed currencies).
CREATE TABLE event_costs (
    event_id     TEXT NOT NULL REFERENCES events (id),
    category     TEXT NOT NULL CHECK (category IN ('booth', 'build', 'travel', 'materials', 'other')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT,
    PRIMARY KEY (event_id, category)
) STRICT, WITHOUT ROWID;

-- Orders imported from the ERP's CSV/XLSX, matched to a show by a promo code of the show
-- or by a lead id of the show (`matched_by`). Re-importing the same order id replaces it.
CREATE TABLE show_orders (
    event_id           TEXT NOT NULL REFERENCES events (id),
    order_ref          TEXT NOT NULL,
    ordered_on         TEXT NOT NULL DEFAULT '',
    value_minor        INTEGER NOT NULL,
    gross_profit_minor INTEGER NOT NULL,
    currency           TEXT NOT NULL,
    promo_code         TEXT NOT NULL DEFAULT '',
    lead_id            TEXT,
    matched_by         TEXT NOT NULL CHECK (matched_by IN ('promo', 'lead')),
    imported_at        INTEGER NOT NULL,
    PRIMARY KEY (event_id, order_ref)
) STRICT, WITHOUT ROWID;

-- The post-show evaluation form (seed 004), one JSON document per show.
CREATE TABLE show_evaluations (
    event_id   TEXT PRIMARY KEY REFERENCES events (id),
    json       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
) STRICT;

-- The dashboard reads one show's leads; every other index on leads starts elsewhere.
CREATE INDEX leads_by_event ON leads (event_id, created_at);
-- Time to first touch: the first call, email or done task of each lead.
CREATE INDEX interactions_first_touch ON interactions (lead_id, at) WHERE kind IN ('call', 'email', 'task_done');
-- Follow-up status per show: the tasks of each lead, covering status and due times.
CREATE INDEX tasks_by_lead_status ON tasks (lead_id, status, due_at, snoozed_until);
