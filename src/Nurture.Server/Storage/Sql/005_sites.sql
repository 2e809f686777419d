-- Websites that send events. The key is public (it is in the page); origins gate CORS.
CREATE TABLE IF NOT EXISTS nurture_sites
(
    id uuid PRIMARY KEY,
    site_key varchar(64) NOT NULL UNIQUE,
    name varchar(200) NOT NULL,
    allowed_origins text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
