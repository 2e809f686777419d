using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace Nurture.Outbound.Tests;

/// <summary>What the quick retries and the breaker count as passing by itself, and the receiver's Retry-After, without a receiver.</summary>
public sealed class OutboundResilienceTests
{
    private static Outcome<HttpResponseMessage> Answer(HttpStatusCode status) => Outcome.FromResult(new HttpResponseMessage(status));

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.Found, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public void IsTransient_Answer_OnlyServerErrorsTimeoutsAndTooMany(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient, OutboundResilience.IsTransient(Answer(status), timeoutIsTransient: false));

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, true)]
    [InlineData(HttpRequestError.NameResolutionError, false)]
    [InlineData(HttpRequestError.InvalidResponse, false)]
    public void IsTransient_RequestError_OnlyNoConnectionOrADroppedOne(HttpRequestError error, bool transient) =>
        Assert.Equal(transient, OutboundResilience.IsTransient(
            Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "x")), timeoutIsTransient: false));

    [Fact]
    public void IsTransient_GuardRefusal_IsNeverTransient_EvenAsAConnectionError()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused",
            new OutboundRefusedException(new OutboundRefusal(null, IPAddress.Loopback, AddressKind.Loopback)));

        Assert.False(OutboundResilience.IsTransient(Outcome.FromException<HttpResponseMessage>(refused), timeoutIsTransient: true));
        Assert.True(OutboundResilience.IsRefusal(refused));
    }

    [Fact]
    public void IsTransient_Timeout_CountsOnlyForTheBreaker()
    {
        var timeout = Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException());

        Assert.False(OutboundResilience.IsTransient(timeout, timeoutIsTransient: false));
        Assert.True(OutboundResilience.IsTransient(timeout, timeoutIsTransient: true));
    }

    [Fact]
    public void RetryAfter_SecondsOrDate_IsTheWait_AndAPastDateIsNone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)) } };
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90)) } };
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddMinutes(-1)) } };
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(3), OutboundResilience.RetryAfter(seconds, time));
        Assert.Equal(TimeSpan.FromSeconds(90), OutboundResilience.RetryAfter(date, time));
        Assert.Equal(TimeSpan.Zero, OutboundResilience.RetryAfter(past, time));
        Assert.Null(OutboundResilience.RetryAfter(none, time));
        Assert.Null(OutboundResilience.RetryAfter(null, time));
    }
}
