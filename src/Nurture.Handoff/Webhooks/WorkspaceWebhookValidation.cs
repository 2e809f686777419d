using Microsoft.Extensions.Options;
using Nurture.Outbound;

namespace Nurture.Handoff.Webhooks;

/// <summary>
/// Refuses to start with a workspace webhook (Nurture:Handoff:WebhookUrl) that points to an internal
/// address, as the reps API refuses a rep's. Its form (absolute http(s), no credentials) is checked by
/// <see cref="HandoffOptions"/> itself.
/// </summary>
public sealed class WorkspaceWebhookValidation(OutboundUrlCheck check) : IValidateOptions<HandoffOptions>
{
    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        if (string.IsNullOrEmpty(options.WebhookUrl) || WebhookTarget.Problem(options.WebhookUrl) is not null) return ValidateOptionsResult.Skip;
        // Options validation is synchronous; this runs once, at start-up, with no synchronization context to deadlock on.
        var problem = check.ProblemAsync(options.WebhookUrl, CancellationToken.None).GetAwaiter().GetResult();
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail($"Nurture:Handoff:WebhookUrl {problem}");
    }
}
