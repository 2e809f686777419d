-- Scoring model history: every saved model is a new version; the highest is active.
CREATE TABLE IF NOT EXISTS nurture_scoring_models
(
    version integer PRIMARY KEY,
    document jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
