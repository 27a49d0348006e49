-- Each region's bureau settles its own providers' work (issue 10): a statement line carries the region of its order's
-- policy pack, and a statement is one per provider, month AND region (the demo provider is contracted in both regions).

-- The completion keeps the order's policy and its region until the capture arrives. Rows from before had neither and
-- no policy code to take it from: they stay without one (NOT VALID), every completion from now on must have both.
ALTER TABLE completion ADD COLUMN policy_code VARCHAR(40), ADD COLUMN region VARCHAR(40);
ALTER TABLE completion ADD CONSTRAINT completion_region_known
    CHECK (policy_code IS NOT NULL AND region IS NOT NULL) NOT VALID;

-- A line takes its completion's region; lines (and completions still waiting for a capture) from before have none.
ALTER TABLE statement_line ADD COLUMN region VARCHAR(40);
DROP INDEX statement_line_month;
CREATE INDEX statement_line_month ON statement_line (month, provider_id, region);

-- A statement per provider, month and region; statements issued before have none (one per provider and month).
ALTER TABLE statement ADD COLUMN region VARCHAR(40);
ALTER TABLE statement DROP CONSTRAINT statement_provider_id_month_key;
ALTER TABLE statement ADD CONSTRAINT statement_provider_month_region UNIQUE NULLS NOT DISTINCT (provider_id, month, region);
