-- A won deal's value and close date, as the rep gave them (required for won, empty otherwise).
ALTER TABLE nurture_feedback ADD COLUMN IF NOT EXISTS deal_value numeric(16, 2) NULL;
ALTER TABLE nurture_feedback ADD COLUMN IF NOT EXISTS closed_on date NULL;

-- The rep's calls, meetings and notes on a lead: what the SLA watch counts as the first touch and the inbox
-- shows as the last one. The note's text lives only in the lead's event (ClickHouse), where erasure finds it.
CREATE TABLE IF NOT EXISTS nurture_sales_activities
(
    id uuid PRIMARY KEY,
    lead_id uuid NOT NULL,
    rep_id varchar(64) NULL,
    kind varchar(20) NOT NULL,
    outcome varchar(40) NULL,
    actor varchar(320) NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS nurture_sales_activities_lead ON nurture_sales_activities (lead_id, at);
