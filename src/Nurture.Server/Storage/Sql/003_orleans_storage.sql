-- Grain state (Microsoft.Orleans.Persistence.AdoNet). One row per grain, its payload in the
-- serializer's binary form, and a version for optimistic concurrency: a write based on a stale
-- version returns no row, which the provider turns into an InconsistentStateException.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id varchar(150) NOT NULL,
    grain_type varchar(512) NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_id_ext varchar(512) NOT NULL DEFAULT '',
    grain_id_hash integer NOT NULL,
    grain_type_hash integer NOT NULL,
    payload bytea NULL,
    version integer NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT payload AS PayloadBinary, version AS Version
    FROM orleans_grain_state
    WHERE service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
      AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
      AND grain_id_ext = coalesce(@GrainIdExtensionString::varchar, '''')'),

('WriteToStorageKey', '
    WITH updated AS (
        UPDATE orleans_grain_state
        SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion::int IS NOT NULL
          AND service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
          AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
          AND grain_id_ext = coalesce(@GrainIdExtensionString::varchar, '''')
          AND version = @GrainStateVersion::int
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext,
                                         grain_id_hash, grain_type_hash, payload, version)
        SELECT @ServiceId::varchar, @GrainTypeString::varchar, @GrainIdN0::bigint, @GrainIdN1::bigint,
               coalesce(@GrainIdExtensionString::varchar, ''''), @GrainIdHash::int, @GrainTypeHash::int,
               @PayloadBinary::bytea, 1
        WHERE @GrainStateVersion::int IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT version FROM inserted'),

('ClearStorageKey', '
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
      AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
      AND grain_id_ext = coalesce(@GrainIdExtensionString::varchar, '''')
      AND version = @GrainStateVersion::int
    RETURNING version AS NewGrainStateVersion'),

('DeleteStorageKey', '
    DELETE FROM orleans_grain_state
    WHERE service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
      AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
      AND grain_id_ext = coalesce(@GrainIdExtensionString::varchar, '''')
      AND version = @GrainStateVersion::int
    RETURNING version + 1 AS NewGrainStateVersion')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Lead state is rewritten every few seconds while a lead is active. Room left on each page lets
-- PostgreSQL put the new row version beside the old one (a HOT update: no new index entry, less WAL,
-- cleaned up in place); a full page would make every write touch the primary key as well.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = 'orleans_grain_state'::regclass AND 'fillfactor=70' = ANY (reloptions)) THEN
        ALTER TABLE orleans_grain_state SET (fillfactor = 70);
    END IF;
END $$;
