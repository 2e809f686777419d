-- Secrets the cluster shares (for example the key that signs email tokens), made once.
CREATE TABLE IF NOT EXISTS nurture_secrets
(
    name varchar(100) PRIMARY KEY,
    value bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Email templates (Liquid). Every save is a new version; the row holds the newest.
CREATE TABLE IF NOT EXISTS nurture_email_templates
(
    id varchar(100) PRIMARY KEY,
    name varchar(200) NOT NULL,
    subject text NOT NULL,
    html text NOT NULL,
    text_part text NOT NULL,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The send queue (outbox). A send's id is decided by whoever asks for it (a flow step, an API
-- call with a key), so asking twice never queues twice; the sender works through due rows.
CREATE TABLE IF NOT EXISTS nurture_email_sends
(
    id uuid PRIMARY KEY,
    lead_id uuid NOT NULL,
    to_address varchar(254) NOT NULL,
    template_id varchar(100) NOT NULL,
    subject text NOT NULL,
    html text NOT NULL,
    text_part text NOT NULL,
    links jsonb NOT NULL DEFAULT '[]',
    unsubscribe_url text NULL,
    time_zone varchar(64) NULL,
    origin varchar(200) NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'queued',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz NULL
);
CREATE INDEX IF NOT EXISTS nurture_email_sends_due ON nurture_email_sends (next_attempt_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS nurture_email_sends_lead ON nurture_email_sends (lead_id, sent_at);

-- Addresses never to mail again (unsubscribed, bounced, complained), kept as a hash of the
-- normalised address so an erased person's address is not stored in the clear.
CREATE TABLE IF NOT EXISTS nurture_email_suppressions
(
    email_hash bytea PRIMARY KEY,
    reason varchar(20) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
