using System.ComponentModel.DataAnnotations;

namespace Nurture.Handoff.Tests;

/// <summary>Settings that would make the hand-off misbehave are refused at start, naming the setting.</summary>
public sealed class HandoffOptionsTests
{
    private static List<string?> Problems(HandoffOptions options) => options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

    [Fact]
    public void Validate_Defaults_AreFine() => Assert.Empty(Problems(new HandoffOptions()));

    [Fact]
    public void Validate_ReassignBeforeTheReminder_IsRefused() =>
        Assert.Equal(["Nurture:Handoff:ReassignAfter must be longer than AcceptWithin (the reminder comes first)"],
            Problems(new HandoffOptions { AcceptWithin = TimeSpan.FromHours(1), ReassignAfter = TimeSpan.FromMinutes(30) }));

    [Fact]
    public void Validate_WorkspaceWebhookWithCredentials_IsRefused() =>
        Assert.Equal(["Nurture:Handoff:WebhookUrl must not contain credentials"],
            Problems(new HandoffOptions { WebhookUrl = "https://user:pw@hooks.example/" }));

    [Theory]
    [InlineData("00:00:00.005")]
    [InlineData("13:00:00")]
    public void Validate_RequestTimeoutOutsideThePipelinesRange_IsRefused(string timeout) =>
        Assert.Single(Problems(new HandoffOptions { RequestTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }));

    [Fact]
    public void DeliveryLease_OutlastsTwoAttempts() =>
        Assert.Equal(TimeSpan.FromSeconds(45), new HandoffOptions { RequestTimeout = TimeSpan.FromSeconds(10) }.DeliveryLease);
}
