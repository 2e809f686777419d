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
