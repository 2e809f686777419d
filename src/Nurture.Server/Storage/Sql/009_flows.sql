-- Nurture flows: the newest definition of each, its version and whether it runs.
CREATE TABLE IF NOT EXISTS nurture_flows
(
    id varchar(64) PRIMARY KEY,
    version integer NOT NULL,
    definition jsonb NOT NULL,
    status varchar(10) NOT NULL DEFAULT 'draft',
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every saved version, for history and for enrolments still running an older one.
CREATE TABLE IF NOT EXISTS nurture_flow_versions
(
    id varchar(64) NOT NULL,
    version integer NOT NULL,
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, version)
);
