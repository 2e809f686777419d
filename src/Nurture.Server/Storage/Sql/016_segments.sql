-- Segments: saved filters over the lead list, and who is in each as of its last refresh.
CREATE TABLE IF NOT EXISTS nurture_segments
(
    id varchar(100) PRIMARY KEY,
    name varchar(200) NOT NULL,
    definition jsonb NOT NULL,
    member_count integer NOT NULL DEFAULT 0,
    refreshed_at timestamptz NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS nurture_segment_members
(
    segment_id varchar(100) NOT NULL REFERENCES nurture_segments (id) ON DELETE CASCADE,
    lead_id uuid NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (segment_id, lead_id)
);
