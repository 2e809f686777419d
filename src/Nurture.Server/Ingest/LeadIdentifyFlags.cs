using Nurture.Abstractions.Leads;
using Nurture.Ingest.Pipeline;

namespace Nurture.Server.Ingest;

/// <summary>Notes a refused identify on the visitor's lead (its change history), off the request's path.</summary>
public sealed partial class LeadIdentifyFlags(IGrainFactory grains, ILogger<LeadIdentifyFlags> logger) : IIdentifyFlags
{
    public void Flag(Guid siteId, string visitorId, string reason, DateTimeOffset at)
    {
        var lead = LeadIds.ForVisitor(siteId, visitorId);
        _ = Task.Run(async () =>
        {
            try
            {
                await grains.GetGrain<ILeadGrain>(lead).FlagAsync(reason, at);
            }
            catch (Exception ex)
            {
                LogFlagFailed(ex);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Noting a refused identify on its lead failed")]
    private partial void LogFlagFailed(Exception ex);
}
