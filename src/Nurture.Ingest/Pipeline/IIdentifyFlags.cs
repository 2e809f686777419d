namespace Nurture.Ingest.Pipeline;

/// <summary>Where ingest reports an identify it refused by an abuse limit, so the visitor's lead shows it.</summary>
public interface IIdentifyFlags
{
    /// <summary>Fire and forget: the refusal is already answered; a lost flag costs only the note.</summary>
    void Flag(Guid siteId, string visitorId, string reason, DateTimeOffset at);
}
