-- An erasure keeps the person's lead ids only until its last ClickHouse delete has run (bounded by
-- Nurture:Privacy:RecheckAfter), then only their SHA-256 (of the id's lower-case text, as the log's
-- pseudonyms and ClickHouse's deletes use). The ids of the alerts it deleted are kept as long, so mail
-- the hand-off queued about them in the meantime goes too.
ALTER TABLE nurture_erasures ADD COLUMN IF NOT EXISTS lead_hashes bytea[] NOT NULL DEFAULT '{}';
ALTER TABLE nurture_erasures ADD COLUMN IF NOT EXISTS alert_ids uuid[] NOT NULL DEFAULT '{}';
-- One more recheck is due after the next that succeeds: a ClickHouse delete failed (the spools write
-- what they held once ClickHouse is back), or a recheck found the lead back and erased it again.
ALTER TABLE nurture_erasures ADD COLUMN IF NOT EXISTS recheck_again boolean NOT NULL DEFAULT false;
-- Rechecks begun: only the first erases a lead that is back (from a spool that had not reached it yet).
ALTER TABLE nurture_erasures ADD COLUMN IF NOT EXISTS rechecks integer NOT NULL DEFAULT 0;

-- Erasures completed before ids were hashed keep only the hashes from now on.
UPDATE nurture_erasures
SET lead_hashes = ARRAY(SELECT sha256(convert_to(x::text, 'UTF8')) FROM unnest(lead_ids) x), lead_ids = '{}'
WHERE completed_at IS NOT NULL AND cardinality(lead_ids) > 0;

-- The addresses each uploaded file names (key: the first 8 bytes of the normalised address's SHA-256),
-- so an erasure finds every file that names the person. Files uploaded before this (emails_indexed
-- false) are read once by the server.
CREATE TABLE IF NOT EXISTS nurture_import_emails
(
    email_key bigint NOT NULL,
    import_id uuid NOT NULL REFERENCES nurture_imports (id) ON DELETE CASCADE,
    PRIMARY KEY (email_key, import_id)
);
CREATE INDEX IF NOT EXISTS nurture_import_emails_import ON nurture_import_emails (import_id);
ALTER TABLE nurture_imports ADD COLUMN IF NOT EXISTS emails_indexed boolean NOT NULL DEFAULT false;
