namespace Nurture.EventStore;

/// <summary>Which sends a report looks at: those sent in [From, To), optionally of one template, flow, step or variant.</summary>
public sealed record EmailSendFilter(DateTimeOffset From, DateTimeOffset To, string? Template = null, string? Flow = null, string? Step = null, string? Variant = null);

/// <summary>
/// One template, flow step and variant: its sends and what became of them. Every count counts sends (a send opened
/// twice is opened once); <see cref="ProxyOpens"/> and <see cref="ScannerClicks"/> are the sends a machine opened or
/// whose links a scanner followed, which are never part of <see cref="Opened"/> or <see cref="Clicked"/>.
/// </summary>
public sealed record EmailPerformanceRow(
    string Template, string Flow, string Step, string Variant,
    long Sent, long HardBounced, long SoftBounced, long Opened, long Clicked, long Unsubscribed, long Complained, long Goals,
    long ProxyOpens, long ScannerClicks)
{
    public long Bounced => HardBounced + SoftBounced;
    public long Delivered => Sent - Bounced;

    public EmailPerformanceRow Plus(EmailPerformanceRow o) => this with
    {
        Sent = Sent + o.Sent, HardBounced = HardBounced + o.HardBounced, SoftBounced = SoftBounced + o.SoftBounced, Opened = Opened + o.Opened,
        Clicked = Clicked + o.Clicked, Unsubscribed = Unsubscribed + o.Unsubscribed, Complained = Complained + o.Complained, Goals = Goals + o.Goals,
        ProxyOpens = ProxyOpens + o.ProxyOpens, ScannerClicks = ScannerClicks + o.ScannerClicks,
    };
}

/// <summary>One period of the chart: sends, and the people's opens, clicks and unsubscribes that happened in it (machines apart).</summary>
public sealed record EmailSeriesPoint(string Period, long Sent, long Opened, long Clicked, long Unsubscribed, long ProxyOpens, long ScannerClicks);

/// <summary>One link of an email: how many sends' readers clicked it, their clicks, and the scanners' clicks apart.</summary>
public sealed record EmailLinkRow(string Url, long People, long Clicks, long ScannerClicks);

/// <summary>
/// The email performance report on ClickHouse. A send is an <c>email_sent</c> event (the outbox records one per send
/// it hands to SMTP; test sends are never recorded). Opens, clicks, unsubscribes, bounces and complaints are joined to
/// it by send id, so a report counts each send once however often an event arrived, and an event that arrives late
/// counts when it arrives. Machines (is_bot = 1: privacy-proxy opens, scanner clicks) are counted apart.
/// A goal conversion is a send of a flow whose lead reached that flow's goal after it.
/// </summary>
public sealed class EmailPerformance(ClickHouseStore store)
{
    /// <summary>Email events are not website visits: they carry the empty site id, which leads the table's sort key.</summary>
    internal const string EmailSite = "site_id = toUUID('00000000-0000-0000-0000-000000000000')";

    /// <summary>How far before a period the chart and link report look for the sends its events belong to.</summary>
    public static readonly TimeSpan SendLookBack = TimeSpan.FromDays(90);

    internal static string Prop(string key) => $"prop_values[indexOf(prop_keys, {ClickHouseSql.Quote(key)})]";

    internal static string Seconds(DateTimeOffset at) => $"toDateTime({at.ToUnixTimeSeconds()})";

    /// <summary>The ids of the filter's sends made from <paramref name="from"/> to the filter's end.</summary>
    private static string SendsSql(EmailSendFilter f, DateTimeOffset from)
    {
        var where = new List<string> { EmailSite, "type = 'email_sent'", $"server_time >= {Seconds(from)}", $"server_time < {Seconds(f.To)}" };
        if (f.Template is not null) where.Add($"{Prop("template_id")} = {ClickHouseSql.Quote(f.Template)}");
        if (f.Flow is not null) where.Add($"{Prop("flow_id")} = {ClickHouseSql.Quote(f.Flow)}");
        if (f.Step is not null) where.Add($"{Prop("step_id")} = {ClickHouseSql.Quote(f.Step)}");
        if (f.Variant is not null) where.Add($"{Prop("variant")} = {ClickHouseSql.Quote(f.Variant)}");
        return $"SELECT DISTINCT {Prop("send_id")} AS send FROM events WHERE {string.Join(" AND ", where)}";
    }

    /// <summary>
    /// Counts per template, flow, step and variant of the sends made in the filter's period. One pass over the email
    /// events since the period began, grouped by send (a send is kept when its email_sent is in the period), then the
    /// flow goals joined by lead and flow: one aggregation and one small join, measured in the analysis benchmark.
    /// </summary>
    public async Task<List<EmailPerformanceRow>> RowsAsync(EmailSendFilter filter, CancellationToken cancellationToken)
    {
        var having = new List<string> { "has_sent", $"sent_at >= {Seconds(filter.From)}", $"sent_at < {Seconds(filter.To)}" };
        if (filter.Template is not null) having.Add($"template = {ClickHouseSql.Quote(filter.Template)}");
        if (filter.Flow is not null) having.Add($"flow = {ClickHouseSql.Quote(filter.Flow)}");
        if (filter.Step is not null) having.Add($"step = {ClickHouseSql.Quote(filter.Step)}");
        if (filter.Variant is not null) having.Add($"variant = {ClickHouseSql.Quote(filter.Variant)}");
        const string sent = "type = 'email_sent'";
        var rows = await store.QueryAsync($"""
            SELECT template, flow, step, variant, count() AS n_sent,
                   sum(hard) AS n_hard, sum(soft AND NOT hard) AS n_soft, sum(human_open OR human_click) AS n_opened, sum(human_click) AS n_clicked,
                   sum(unsubscribed) AS n_unsubscribed, sum(complained) AS n_complained, countIf(flow != '' AND last_goal >= sent_at) AS n_goals,
                   sum(proxy_opens) AS n_proxy_opens, sum(scanner_clicks) AS n_scanner_clicks
            FROM (
                SELECT send, anyIf(lead, {sent}) AS lead, anyIf(template, {sent}) AS template, anyIf(flow, {sent}) AS flow, anyIf(step, {sent}) AS step,
                       anyIf(variant, {sent}) AS variant, max({sent}) AS has_sent, minIf(server_time, {sent}) AS sent_at,
                       max(type = 'email_bounce' AND bounce = 'hard') AS hard, max(type = 'email_bounce' AND bounce != 'hard') AS soft,
                       max(type = 'email_open' AND is_bot = 0) AS human_open, max(type = 'email_click' AND is_bot = 0) AS human_click,
                       max(type = 'email_unsubscribe') AS unsubscribed, max(type = 'email_complaint') AS complained,
                       max(type = 'email_open' AND is_bot = 1) AS proxy_opens, max(type = 'email_click' AND is_bot = 1) AS scanner_clicks
                FROM (SELECT {Prop("send_id")} AS send, lead_id AS lead, {Prop("template_id")} AS template, {Prop("flow_id")} AS flow,
                             {Prop("step_id")} AS step, {Prop("variant")} AS variant, {Prop("bounce")} AS bounce, type, is_bot, event_id, server_time
                      FROM events
                      WHERE {EmailSite} AND type IN ('email_sent', 'email_open', 'email_click', 'email_unsubscribe', 'email_bounce', 'email_complaint')
                        AND server_time >= {Seconds(filter.From)})
                GROUP BY send
                HAVING {string.Join(" AND ", having)})
            ANY LEFT JOIN (
                SELECT lead_id AS lead, category AS flow, max(at) AS last_goal FROM score_changes
                WHERE kind = 'flow' AND endsWith(key, '/#goal') AND at >= {Seconds(filter.From)}
                GROUP BY lead, flow) USING (lead, flow)
            GROUP BY template, flow, step, variant
            ORDER BY n_sent DESC, template, flow, step, variant
            """, cancellationToken);
        return rows.Select(r => new EmailPerformanceRow(
            r.GetProperty("template").GetString()!, r.GetProperty("flow").GetString()!, r.GetProperty("step").GetString()!, r.GetProperty("variant").GetString()!,
            ClickHouseRows.Long(r, "n_sent"), ClickHouseRows.Long(r, "n_hard"), ClickHouseRows.Long(r, "n_soft"), ClickHouseRows.Long(r, "n_opened"),
            ClickHouseRows.Long(r, "n_clicked"), ClickHouseRows.Long(r, "n_unsubscribed"), ClickHouseRows.Long(r, "n_complained"), ClickHouseRows.Long(r, "n_goals"),
            ClickHouseRows.Long(r, "n_proxy_opens"), ClickHouseRows.Long(r, "n_scanner_clicks"))).ToList();
    }

    /// <summary>
    /// The chart: per period of [From, To), the sends made and the people's opens, clicks and unsubscribes that happened
    /// (each send once per period), of sends made up to <see cref="SendLookBack"/> before the period.
    /// </summary>
    public async Task<List<EmailSeriesPoint>> SeriesAsync(EmailSendFilter filter, AnalysisInterval interval, CancellationToken cancellationToken)
    {
        var period = interval switch
        {
            AnalysisInterval.Month => "toStartOfMonth(server_time)",
            AnalysisInterval.Week => "toMonday(server_time)",
            _ => "toDate(server_time)",
        };
        var rows = await store.QueryAsync($"""
            SELECT toString({period}) AS period,
                   uniqExactIf(send, type = 'email_sent') AS sent,
                   uniqExactIf(send, type IN ('email_open', 'email_click') AND is_bot = 0) AS opened,
                   uniqExactIf(send, type = 'email_click' AND is_bot = 0) AS clicked,
                   uniqExactIf(send, type = 'email_unsubscribe') AS unsubscribed,
                   uniqExactIf(event_id, type = 'email_open' AND is_bot = 1) AS proxy_opens,
                   uniqExactIf(event_id, type = 'email_click' AND is_bot = 1) AS scanner_clicks
            FROM (SELECT {Prop("send_id")} AS send, type, is_bot, event_id, server_time FROM events
                  WHERE {EmailSite} AND type IN ('email_sent', 'email_open', 'email_click', 'email_unsubscribe')
                    AND server_time >= {Seconds(filter.From)} AND server_time < {Seconds(filter.To)})
            WHERE send IN ({SendsSql(filter, filter.From - SendLookBack)})
            GROUP BY period ORDER BY period
            """, cancellationToken);
        return rows.Select(r => new EmailSeriesPoint(r.GetProperty("period").GetString()!,
            ClickHouseRows.Long(r, "sent"), ClickHouseRows.Long(r, "opened"), ClickHouseRows.Long(r, "clicked"), ClickHouseRows.Long(r, "unsubscribed"),
            ClickHouseRows.Long(r, "proxy_opens"), ClickHouseRows.Long(r, "scanner_clicks"))).ToList();
    }

    /// <summary>Clicks per link of the sends made in the filter's period (at most <paramref name="limit"/> links, most clicked first).</summary>
    public async Task<List<EmailLinkRow>> LinksAsync(EmailSendFilter filter, int limit, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync($"""
            SELECT url, uniqExactIf(send, is_bot = 0) AS people, uniqExactIf(event_id, is_bot = 0) AS clicks, uniqExactIf(event_id, is_bot = 1) AS scanner_clicks
            FROM (SELECT {Prop("send_id")} AS send, url, is_bot, event_id FROM events
                  WHERE {EmailSite} AND type = 'email_click' AND server_time >= {Seconds(filter.From)})
            WHERE send IN ({SendsSql(filter, filter.From)})
            GROUP BY url ORDER BY clicks DESC, scanner_clicks DESC, url LIMIT {limit}
            """, cancellationToken);
        return rows.Select(r => new EmailLinkRow(r.GetProperty("url").GetString()!,
            ClickHouseRows.Long(r, "people"), ClickHouseRows.Long(r, "clicks"), ClickHouseRows.Long(r, "scanner_clicks"))).ToList();
    }
}
