-- The hand-off SLA: a rep who has not answered a hot lead in time is reminded once, then the lead
-- goes to someone else through a new alert that names the rep it was taken from.
ALTER TABLE nurture_assignments ADD COLUMN IF NOT EXISTS reminded_at timestamptz NULL;
ALTER TABLE nurture_assignments ADD COLUMN IF NOT EXISTS reassigned_at timestamptz NULL;
ALTER TABLE nurture_alerts ADD COLUMN IF NOT EXISTS taken_from varchar(64) NULL;

-- An alert a flow asked for (notify_sales) says why in its own words.
ALTER TABLE nurture_alerts ADD COLUMN IF NOT EXISTS note varchar(600) NULL;

-- The scoring rules that weighed most when sales judged the lead: the reject report per rule.
ALTER TABLE nurture_feedback ADD COLUMN IF NOT EXISTS rules text[] NOT NULL DEFAULT '{}';

-- Territory by region and company size, and the channels a rep wants alerts on (empty: every one set up).
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS regions text[] NOT NULL DEFAULT '{}';
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS company_sizes text[] NOT NULL DEFAULT '{}';
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS channels text[] NOT NULL DEFAULT '{}';
