using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Nurture.Spool.Tests;

public sealed class SpoolConsumerLoopTests
{
    [Fact]
    public async Task RunAsync_RunKeepsFailing_WaitsTheGrowingBackoffBeforeEachRunAgain()
    {
        var time = new FakeTimeProvider();
        var runs = Channel.CreateUnbounded<DateTimeOffset>();
        var delays = Channel.CreateUnbounded<TimeSpan>();
        using var stop = new CancellationTokenSource();
        var loop = SpoolConsumerLoop.RunAsync(
            _ =>
            {
                runs.Writer.TryWrite(time.GetUtcNow());
                return Task.FromException(new IOException("downstream away"));
            },
            (_, delay) => delays.Writer.TryWrite(delay), time, stop.Token);

        var ran = await runs.Reader.ReadAsync();
        var waits = new List<TimeSpan>();
        for (var failure = 1; failure <= 7; failure++)
        {
            var delay = await delays.Reader.ReadAsync();
            var next = await NextRunAsync(time, runs.Reader);
            // Not run again before its wait was over (Task.Delay counts whole milliseconds; time moves in 50 ms steps).
            Assert.InRange(next - ran, delay - TimeSpan.FromMilliseconds(1), delay + TimeSpan.FromMilliseconds(500));
            waits.Add(delay);
            ran = next;
        }
        stop.Cancel();
        await loop;

        for (var i = 0; i < 5; i++)
        {
            var expected = SpoolConsumerLoop.FirstDelay * Math.Pow(2, i);
            Assert.InRange(waits[i], expected * 0.8, expected * 1.2);
        }
        Assert.All(waits.Skip(6), w => Assert.InRange(w, SpoolConsumerLoop.MaxDelay * 0.8, SpoolConsumerLoop.MaxDelay * 1.2));
    }

    private static async Task<DateTimeOffset> NextRunAsync(FakeTimeProvider time, ChannelReader<DateTimeOffset> runs)
    {
        while (true)
        {
            if (runs.TryRead(out var at)) return at;
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
    }
}
