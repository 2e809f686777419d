-- The single-server DDL as shipped (migrations 1-3: tables; 4: interest columns added to lead_profiles), statement by statement.
-- A single server must keep getting exactly this: the layout renders these tables from their definitions.

CREATE TABLE IF NOT EXISTS events
(
    event_id String,
    site_id UUID,
    lead_id UUID,
    visitor_id String,
    type String,
    name String,
    url String,
    host String,
    path String,
    query String,
    referrer String,
    referrer_host String,
    title String,
    channel String,
    utm_source String,
    utm_medium String,
    utm_campaign String,
    utm_term String,
    utm_content String,
    click_id_name String,
    click_id String,
    device_class String,
    browser String,
    os String,
    is_bot UInt8,
    prop_keys Array(String),
    prop_values Array(String),
    email String,
    trait_keys Array(String),
    trait_values Array(String),
    client_time Nullable(DateTime('UTC')),
    server_time DateTime('UTC'),
    server_ms UInt64,
    user_agent String,
    client_ip String,
    spool_node String,
    spool_seq UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(server_time)
ORDER BY (site_id, lead_id, server_time, event_id);

CREATE TABLE IF NOT EXISTS lead_aliases
(
    merged_id UUID,
    survivor_id UUID,
    merged_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(merged_at)
ORDER BY merged_id;

CREATE TABLE IF NOT EXISTS score_changes
(
    lead_id UUID,
    kind String,
    event_id String,
    key String,
    category String,
    points Float64,
    engagement Float64,
    fit Float64,
    grade String,
    stage String,
    previous_stage String,
    at DateTime('UTC'),
    at_ms UInt64,
    model_version UInt32,
    spool_node String,
    spool_seq UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (lead_id, at_ms, kind, key);

CREATE TABLE IF NOT EXISTS lead_profiles
(
    lead_id UUID,
    version UInt64,
    merged_into String,
    erased UInt8,
    created_at DateTime('UTC'),
    last_seen DateTime('UTC'),
    email String,
    emails Array(String),
    name String,
    company String,
    phone String,
    traits String,
    stage String,
    grade String,
    engagement Float64,
    fit Float64,
    owner String,
    consent String,
    first_channel String,
    first_source String,
    first_campaign String,
    first_touch_at DateTime('UTC'),
    last_channel String,
    last_source String,
    last_campaign String,
    sessions UInt64,
    page_views UInt64,
    events UInt64,
    sites Array(String),
    history_ids Array(String),
    segments Array(String),
    spool_node String,
    spool_seq UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY lead_id;

ALTER TABLE lead_profiles ADD COLUMN interest_keys Array(String), ADD COLUMN interest_values Array(Float64);
