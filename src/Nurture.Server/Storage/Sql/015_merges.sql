-- Duplicate merges decided by a person: which leads became one, and why each field has its value.
CREATE TABLE IF NOT EXISTS nurture_merges
(
    id uuid PRIMARY KEY,
    survivor_id uuid NOT NULL,
    merged_ids uuid[] NOT NULL,
    decisions jsonb NOT NULL,
    actor varchar(200) NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS nurture_merges_survivor ON nurture_merges (survivor_id, at);
