-- Who holds a send's lease: "<spool node id>/<process instance>". A restarted node takes back the
-- sends its previous process held at once, instead of waiting for their leases to run out.
ALTER TABLE nurture_email_sends ADD COLUMN IF NOT EXISTS claimed_by varchar(100) NULL;
