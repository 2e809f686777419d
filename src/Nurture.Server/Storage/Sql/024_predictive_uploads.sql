-- Training files uploaded to be looked at before a predictive model is trained from them: the person sees
-- the columns, chooses the outcome and what to learn from, then trains (perhaps twice, choosing otherwise).
-- Kept briefly (an hour, the newest 20 at most). email_keys are the addresses the file names, keyed as the
-- import index keys them, so an erasure deletes every upload that names the person.
CREATE TABLE IF NOT EXISTS nurture_predictive_uploads
(
    id uuid PRIMARY KEY,
    file_name varchar(255) NOT NULL,
    file_bytes bytea NOT NULL,
    email_keys bigint[] NOT NULL,
    created_by varchar(200) NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS nurture_predictive_uploads_expiry ON nurture_predictive_uploads (expires_at);
