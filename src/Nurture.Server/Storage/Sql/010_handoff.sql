-- Sales reps: who receives hot leads, how many they can hold, and their territory.
CREATE TABLE IF NOT EXISTS nurture_reps
(
    id varchar(64) PRIMARY KEY,
    name varchar(200) NOT NULL,
    email varchar(254) NOT NULL,
    active boolean NOT NULL DEFAULT true,
    capacity integer NOT NULL,
    countries text[] NOT NULL DEFAULT '{}',
    industries text[] NOT NULL DEFAULT '{}',
    webhook_url text NULL,
    slack_webhook_url text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per hot-lead alert. The id is derived from (lead, triggering event), so a replayed
-- batch inserts nothing; status: pending (not yet assigned) -> sending -> delivered or dead.
CREATE TABLE IF NOT EXISTS nurture_alerts
(
    id uuid PRIMARY KEY,
    lead_id uuid NOT NULL,
    event_id text NOT NULL,
    triggered_at timestamptz NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'pending',
    payload jsonb NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS nurture_alerts_lead ON nurture_alerts (lead_id, triggered_at);
CREATE INDEX IF NOT EXISTS nurture_alerts_status ON nurture_alerts (status) WHERE status <> 'delivered';

-- Each webhook or Slack target of an alert, retried on its own until delivered or dead.
CREATE TABLE IF NOT EXISTS nurture_alert_deliveries
(
    alert_id uuid NOT NULL REFERENCES nurture_alerts (id),
    target varchar(100) NOT NULL,
    kind varchar(10) NOT NULL,
    url text NOT NULL,
    body text NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text NULL,
    delivered_at timestamptz NULL,
    PRIMARY KEY (alert_id, target)
);
CREATE INDEX IF NOT EXISTS nurture_alert_deliveries_due ON nurture_alert_deliveries (next_attempt_at) WHERE status = 'pending';

-- Who got which hot lead and why (rep_id NULL: the fallback queue). One per alert.
CREATE TABLE IF NOT EXISTS nurture_assignments
(
    alert_id uuid PRIMARY KEY,
    lead_id uuid NOT NULL,
    rep_id varchar(64) NULL,
    reason varchar(100) NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS nurture_assignments_lead ON nurture_assignments (lead_id, at);
CREATE INDEX IF NOT EXISTS nurture_assignments_rep ON nurture_assignments (rep_id, at);

-- What sales said about a lead; the first-touch channel is kept so the report needs no lead lookups.
CREATE TABLE IF NOT EXISTS nurture_feedback
(
    id bigserial PRIMARY KEY,
    lead_id uuid NOT NULL,
    outcome varchar(20) NOT NULL,
    reason varchar(40) NULL,
    rep_id varchar(64) NULL,
    first_channel varchar(40) NOT NULL DEFAULT 'direct',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS nurture_feedback_lead ON nurture_feedback (lead_id, at);

-- Training labels for the predictive model: the newest won/lost per lead.
CREATE TABLE IF NOT EXISTS nurture_outcomes
(
    lead_id uuid PRIMARY KEY,
    converted boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
