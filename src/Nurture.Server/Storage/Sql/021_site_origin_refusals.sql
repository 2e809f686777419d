-- Origins a site's events came from that its allowed origins refuse: the install check's hint that the
-- snippet sits on a page the site does not list. One row per site and origin, at most 100 per site.
CREATE TABLE IF NOT EXISTS nurture_site_origin_refusals
(
    site_id uuid NOT NULL REFERENCES nurture_sites (id) ON DELETE CASCADE,
    origin varchar(300) NOT NULL,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    refusals bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (site_id, origin)
);
