-- Spreadsheet imports. The file is kept so a run can resume after a restart; the key (a hash of the
-- file and its settings) makes uploading the same file again answer the same import.
CREATE TABLE IF NOT EXISTS nurture_imports
(
    id uuid PRIMARY KEY,
    import_key bytea NOT NULL UNIQUE,
    file_name varchar(255) NOT NULL,
    file_bytes bytea NOT NULL,
    source varchar(200) NOT NULL,
    mode varchar(10) NOT NULL,
    default_country varchar(2) NOT NULL,
    mapping jsonb NOT NULL,
    status varchar(20) NOT NULL,
    total_rows integer NOT NULL DEFAULT 0,
    processed_rows integer NOT NULL DEFAULT 0,
    preview jsonb NOT NULL,
    created_by varchar(200) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz NULL,
    finished_at timestamptz NULL,
    claimed_by varchar(100) NULL,
    lease_until timestamptz NULL,
    last_error text NULL
);
CREATE INDEX IF NOT EXISTS nurture_imports_work ON nurture_imports (created_at) WHERE status IN ('queued', 'running', 'undoing');

-- What the real run did with each row: the lead it touched and how. Undo walks these leads.
CREATE TABLE IF NOT EXISTS nurture_import_rows
(
    import_id uuid NOT NULL REFERENCES nurture_imports (id) ON DELETE CASCADE,
    row_number integer NOT NULL,
    lead_id uuid NULL,
    outcome varchar(10) NOT NULL,
    detail text NULL,
    PRIMARY KEY (import_id, row_number)
);
