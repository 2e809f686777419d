namespace Nurture.Server.Leads;

/// <summary>
/// What an erasure deletes and scrubs in PostgreSQL, in order, in one transaction. Parameters: $1 the
/// erasure's id, $2 the lead ids, $3 the import-index keys of the person's emails, $4 the lead grains'
/// ids. Run at the request and again at every recheck, so each statement is idempotent.
/// </summary>
internal static class PostgresErasure
{
    public static readonly string[] Statements =
    [
        "DELETE FROM nurture_alert_deliveries WHERE alert_id IN (SELECT id FROM nurture_alerts WHERE lead_id = ANY($2))",
        // The rep's mail about an alert (and the SLA reminder) is keyed by the alert, not the lead: the
        // erasure keeps the alerts' ids until it completes, for mail a hand-off in flight queues meanwhile.
        """
        WITH gone AS (DELETE FROM nurture_alerts WHERE lead_id = ANY($2) RETURNING id)
        UPDATE nurture_erasures SET alert_ids = alert_ids || ARRAY(SELECT id FROM gone) WHERE id = $1
        """,
        "DELETE FROM nurture_email_sends WHERE lead_id = ANY($2 || (SELECT alert_ids FROM nurture_erasures WHERE id = $1))",
        "DELETE FROM nurture_assignments WHERE lead_id = ANY($2)",
        "DELETE FROM nurture_feedback WHERE lead_id = ANY($2)",
        "DELETE FROM nurture_sales_activities WHERE lead_id = ANY($2)",
        "DELETE FROM nurture_outcomes WHERE lead_id = ANY($2)",
        "DELETE FROM nurture_merges WHERE survivor_id = ANY($2) OR merged_ids && $2",
        "DELETE FROM nurture_segment_members WHERE lead_id = ANY($2)",
        // The lead grains unregistered their reminders; one a turn registered since (racing the erasure) goes too.
        "DELETE FROM orleans_reminders WHERE grain_id = ANY($4)",
        // A file that names the person anywhere is emptied (that import can no longer run), its dry run
        // forgets the rows of their leads, and the index forgets the file.
        """
        WITH named AS (
            SELECT import_id AS id FROM nurture_import_rows WHERE lead_id = ANY($2)
            UNION SELECT import_id FROM nurture_import_emails WHERE email_key = ANY($3)
            UNION SELECT i.id FROM nurture_imports i
                  WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(i.preview->'rows') r WHERE (r->>'leadId')::uuid = ANY($2))),
        scrubbed AS (
            UPDATE nurture_imports i
            SET file_bytes = ''::bytea,
                preview = jsonb_set(i.preview, '{rows}', coalesce(
                    (SELECT jsonb_agg(r ORDER BY n) FROM jsonb_array_elements(i.preview->'rows') WITH ORDINALITY e(r, n)
                     WHERE r->>'leadId' IS NULL OR NOT (r->>'leadId')::uuid = ANY($2)), '[]'::jsonb))
            FROM named WHERE i.id = named.id
            RETURNING i.id)
        DELETE FROM nurture_import_emails WHERE import_id IN (SELECT id FROM scrubbed)
        """,
        "DELETE FROM nurture_import_rows WHERE lead_id = ANY($2)",
        // A training file waiting to be trained from that names the person goes (it is kept for an hour at most anyway).
        "DELETE FROM nurture_predictive_uploads WHERE email_keys && $3",
    ];
}
