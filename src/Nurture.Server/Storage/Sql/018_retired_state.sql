-- State no grain reads any more, deleted once per database. Every file here runs at every start, so
-- each clean-up records that it ran and later starts skip it instead of scanning the table again.
CREATE TABLE IF NOT EXISTS nurture_cleanups
(
    name text PRIMARY KEY,
    done_at timestamptz NOT NULL DEFAULT now()
);

-- Until 2026-11-24 the visitor index grain kept its lead in state "visitor"; it now derives the lead
-- from the visitor, so those rows (one per visitor ever seen) are never read again.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM nurture_cleanups WHERE name = 'visitor-index-state') THEN
        DELETE FROM orleans_grain_state WHERE grain_type = 'visitor';
        INSERT INTO nurture_cleanups (name) VALUES ('visitor-index-state');
    END IF;
END $$;
