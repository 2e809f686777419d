-- People who sign in to the console. Emails are stored lower-case so the unique index is
-- case-insensitive; a sales user may be linked to a hand-off rep (whose leads they then see).
CREATE TABLE IF NOT EXISTS nurture_users
(
    id uuid PRIMARY KEY,
    email varchar(254) NOT NULL UNIQUE CHECK (email = lower(email)),
    display_name varchar(200) NOT NULL,
    role varchar(20) NOT NULL CHECK (role IN ('admin', 'marketer', 'sales')),
    rep_id varchar(64) NULL REFERENCES nurture_reps (id) ON DELETE SET NULL,
    -- "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>"
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz NULL
);

-- API keys and console sessions. Only the SHA-256 of the secret is kept (the secret is random and
-- long, so a slow hash adds nothing); the prefix is what people recognise a key by.
-- kind: 'api' (made by an admin, lives until revoked or expired) or 'session' (made by sign-in).
CREATE TABLE IF NOT EXISTS nurture_api_keys
(
    id uuid PRIMARY KEY,
    kind varchar(10) NOT NULL CHECK (kind IN ('api', 'session')),
    name varchar(200) NOT NULL,
    prefix varchar(16) NOT NULL,
    hash bytea NOT NULL UNIQUE,
    role varchar(20) NOT NULL CHECK (role IN ('admin', 'marketer', 'sales')),
    user_id uuid NULL REFERENCES nurture_users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NULL,
    revoked_at timestamptz NULL,
    last_used_at timestamptz NULL
);
CREATE INDEX IF NOT EXISTS nurture_api_keys_user ON nurture_api_keys (user_id) WHERE user_id IS NOT NULL;
