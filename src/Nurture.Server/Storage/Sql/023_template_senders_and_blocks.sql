-- Per template: the inbox line under the subject (preheader), who it is from and where replies go,
-- and for templates built from blocks the block document and which editor owns the HTML.
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS preheader text NOT NULL DEFAULT '';
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS from_name varchar(100) NULL;
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS from_address varchar(254) NULL;
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS reply_to varchar(254) NULL;
-- 'html': the HTML is edited by hand (a design, if any, is only where it started); 'blocks': made from the design.
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS editor varchar(10) NOT NULL DEFAULT 'html';
ALTER TABLE nurture_email_templates ADD COLUMN IF NOT EXISTS design jsonb NULL;

-- A send carries its sender as rendered when queued, like its content (a held send keeps both).
ALTER TABLE nurture_email_sends ADD COLUMN IF NOT EXISTS from_name varchar(100) NULL;
ALTER TABLE nurture_email_sends ADD COLUMN IF NOT EXISTS from_address varchar(254) NULL;
ALTER TABLE nurture_email_sends ADD COLUMN IF NOT EXISTS reply_to varchar(254) NULL;
-- A test send from the template editor: never claimed by the outbox, never counted against the lead's
-- caps, and its opens, clicks and unsubscribes record nothing. Its origin names who asked for it.
ALTER TABLE nurture_email_sends ADD COLUMN IF NOT EXISTS is_test boolean NOT NULL DEFAULT false;
-- Counting one person's test sends of the last hour (the limit that keeps tests from becoming a mass mailer).
CREATE INDEX IF NOT EXISTS nurture_email_sends_tests ON nurture_email_sends (origin, created_at) WHERE is_test;
