using Nurture.Email.Outbox;
using Nurture.Flows;

namespace Nurture.Email.Tests.Outbox;

/// <summary>Which sends are the lead's own mail, recorded in the lead's story and the email reports.</summary>
public sealed class LeadsEmailTests
{
    [Theory]
    [InlineData("handoff:0f8a3c2e9b1d4f6a8c0e2b4d6f8a0c2e", false)]
    [InlineData("digest:2026-12-07:0f8a3c2e9b1d4f6a8c0e2b4d6f8a0c2e", false)]
    [InlineData("api:one-off", true)]
    [InlineData("console:lead-action", true)]
    public void MailToTheTeam_IsNotTheLeads(string origin, bool leads) => Assert.Equal(leads, OutboxSender.IsLeadsEmail(origin));

    [Fact]
    public void AFlowsSend_IsTheLeads() => Assert.True(OutboxSender.IsLeadsEmail(FlowEmailOrigin.For("welcome", "send-1")));
}
