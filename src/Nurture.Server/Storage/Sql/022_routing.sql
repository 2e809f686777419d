-- A rep's working hours (a JSON array of {day, start, end} in their time zone; empty: any time) and the
-- days they are out of office (both included, on their own calendar), read by the routing rules.
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS time_zone varchar(64) NULL;
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS working_hours jsonb NOT NULL DEFAULT '[]';
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS away_from date NULL;
ALTER TABLE nurture_reps ADD COLUMN IF NOT EXISTS away_until date NULL;

-- The assignment rules in the order they are tried, each on or off: one row, written whole, so two saves
-- at once leave one list. No row: the default order (every rule on).
CREATE TABLE IF NOT EXISTS nurture_routing
(
    id integer PRIMARY KEY CHECK (id = 1),
    rules jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by varchar(200) NOT NULL
);

-- Every attempt at an alert's webhook or Slack delivery, and every replay, for the alert log: when, what
-- came of it (delivered, retry, dead, replayed), the error in the fixed phrases of WebhookClient, and when
-- the next attempt was due. Goes with its delivery (an erasure deletes the deliveries).
CREATE TABLE IF NOT EXISTS nurture_alert_attempts
(
    id bigserial PRIMARY KEY,
    alert_id uuid NOT NULL,
    target varchar(100) NOT NULL,
    attempt integer NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    outcome varchar(20) NOT NULL,
    error text NULL,
    next_attempt_at timestamptz NULL,
    actor varchar(200) NULL,
    FOREIGN KEY (alert_id, target) REFERENCES nurture_alert_deliveries (alert_id, target) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS nurture_alert_attempts_delivery ON nurture_alert_attempts (alert_id, target, id);
