-- 0004: a badge scanned twice at one show opens the lead it already made. Only scanned
-- leads carry a raw payload, so the index is partial and costs manual saves nothing.
CREATE INDEX leads_by_badge ON leads (event_id, badge_raw) WHERE badge_raw IS NOT NULL;
