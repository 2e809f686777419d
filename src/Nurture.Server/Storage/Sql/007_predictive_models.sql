-- Predictive models: every training run is a version with its report and the serialized model.
-- Activation is explicit; the partial unique index allows at most one active version.
CREATE TABLE IF NOT EXISTS nurture_predictive_models
(
    version integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    label_column text NOT NULL,
    report jsonb NOT NULL,
    model bytea NOT NULL,
    active boolean NOT NULL DEFAULT false,
    activated_at timestamptz
);

CREATE UNIQUE INDEX IF NOT EXISTS nurture_predictive_models_one_active
    ON nurture_predictive_models (active) WHERE active;
