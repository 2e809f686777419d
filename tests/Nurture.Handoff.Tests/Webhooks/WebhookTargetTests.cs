using Nurture.Handoff.Alerts;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff.Tests.Webhooks;

/// <summary>The form of a webhook URL, and the fixed phrases a failed call is recorded with.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/x", null)]
    [InlineData("http://hooks.example:8080/in", null)]
    [InlineData("hooks.example/in", "must be an absolute URL")]
    [InlineData("ftp://hooks.example/in", "must be an http or https URL")]
    [InlineData("https://user:pass@hooks.example/in", "must not contain credentials")]
    public void Problem_Url_IsWhatIsWrongWithIt(string url, string? problem) => Assert.Equal(problem, WebhookTarget.Problem(url));

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, "the host name did not resolve")]
    [InlineData(HttpRequestError.ConnectionError, "could not connect")]
    [InlineData(HttpRequestError.SecureConnectionError, "the TLS connection could not be established")]
    [InlineData(HttpRequestError.ResponseEnded, "the connection closed before an answer")]
    [InlineData(HttpRequestError.InvalidResponse, "the answer was not valid HTTP")]
    [InlineData(HttpRequestError.Unknown, "the call failed")]
    public void Describe_FailedCall_IsAFixedPhrase_NeverWhatTheReceiverSaid(HttpRequestError error, string phrase) =>
        Assert.Equal(phrase, WebhookClient.Describe(new HttpRequestException(error, "receiver said: secret-banner")));

    [Fact]
    public void IdempotencyKey_IsTheAlertAndTheTarget_SoRetriesAndReplaysShareIt()
    {
        var alert = Guid.Parse("11111111-2222-4333-8444-555555555555");

        Assert.Equal("11111111222243338444555555555555:rep-webhook:kim",
            WebhookClient.IdempotencyKey(new AlertDelivery(alert, "rep-webhook:kim", "webhook", "https://h.example/", "{}", 3)));
    }
}
