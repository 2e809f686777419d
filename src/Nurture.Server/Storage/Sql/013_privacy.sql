-- Erasures asked for (right to be forgotten). Only lead ids are kept, never who the person was.
-- ClickHouse deletes run at once and again after recheck_at, for rows that were still in a spool.
CREATE TABLE IF NOT EXISTS nurture_erasures
(
    id uuid PRIMARY KEY,
    lead_ids uuid[] NOT NULL,
    actor varchar(200) NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    recheck_at timestamptz NOT NULL,
    completed_at timestamptz NULL
);
CREATE INDEX IF NOT EXISTS nurture_erasures_due ON nurture_erasures (recheck_at) WHERE completed_at IS NULL;
