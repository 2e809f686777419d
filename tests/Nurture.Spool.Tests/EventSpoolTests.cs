using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Nurture.Spool.Tests;

public sealed class EventSpoolTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "spool-test-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Append_AssignsSequenceNumbers_ReaderReturnsPayloadsInOrder()
    {
        using var spool = Open();
        var seqs = await spool.AppendAsync([Entry("a"), Entry("b"), Entry("c")]);
        Assert.Equal([1L, 2L, 3L], seqs);
        using var reader = spool.OpenReader(2);
        Assert.Equal(["b", "c"], reader.Read(10).Select(Text));
        Assert.Empty(reader.Read(10));
    }

    [Fact]
    public async Task Reopen_KeepsEverythingAndContinuesNumbering()
    {
        using (var spool = Open()) await spool.AppendAsync([Entry("one"), Entry("two")]);
        using var again = Open();
        // The zeros the writer fills ahead of its tail are not mistaken for damage.
        Assert.Empty(again.Warnings);
        Assert.Equal(2, again.CommittedSeq);
        Assert.Equal(new long[] { 3L }, await again.AppendAsync([Entry("three")]));
        using var reader = again.OpenReader(1);
        Assert.Equal(["one", "two", "three"], reader.Read(10).Select(Text));
    }

    [Fact]
    public async Task Open_CutsOffATornRecord_AndKeepsTheWholeOnes()
    {
        using (var spool = Open()) await spool.AppendAsync([Entry("kept-1"), Entry("kept-2")]);
        var segment = Directory.GetFiles(directory, "*.seg").Single();
        WriteAfterLastRecord(segment, Encoding.UTF8.GetBytes("\u0005\0\0\0garbage-of-a-crash"));

        using var reopened = Open();
        Assert.Single(reopened.Warnings);
        Assert.Equal(2, reopened.CommittedSeq);
        Assert.Equal(new long[] { 3L }, await reopened.AppendAsync([Entry("after")]));
        using var reader = reopened.OpenReader(1);
        Assert.Equal(["kept-1", "kept-2", "after"], reader.Read(10).Select(Text));
    }

    [Fact]
    public async Task Open_KeepsRecordsAnOlderVersionChecksummedWithCrc32()
    {
        using (var spool = Open()) await spool.AppendAsync([Entry("new")]);
        var segment = Directory.GetFiles(directory, "*.seg").Single();
        // A record as versions before CRC-32C wrote it: the same layout, the IEEE checksum.
        var payload = Encoding.UTF8.GetBytes("old");
        var record = new byte[SpoolRecordFormat.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(16), time.GetUtcNow().UtcTicks);
        payload.CopyTo(record.AsSpan(SpoolRecordFormat.HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), System.IO.Hashing.Crc32.HashToUInt32(record.AsSpan(8)));
        WriteAfterLastRecord(segment, record);

        using var reopened = Open();
        Assert.Empty(reopened.Warnings);
        using var reader = reopened.OpenReader(1);
        Assert.Equal(["new", "old"], reader.Read(10).Select(Text));
    }

    [Fact]
    public async Task Reader_KeepsUpWithAppends_ThroughSegmentRolls()
    {
        // The writer fills zeros ahead of its tail: a reader that read ahead into them must still see
        // the records later written over them, and go on into the next segment after a roll.
        using var spool = Open(segmentBytes: 64 << 10);
        using var reader = spool.OpenReader(1);
        var seen = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            await spool.AppendAsync([Entry($"event-{i}-" + new string('z', 500))]);
            if (i % 7 == 0) seen.AddRange(reader.Read(1000).Select(Text));
        }
        seen.AddRange(reader.Read(1000).Select(Text));
        Assert.True(Directory.GetFiles(directory, "*.seg").Length > 1);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"event-{i}-" + new string('z', 500)), seen);
        Assert.Equal(301, reader.NextSeq);
    }

    [Fact]
    public async Task Retry_WithinWindow_IsDuplicate_EvenAfterRestart()
    {
        using (var spool = Open())
        {
            var first = await spool.AppendAsync([Entry("x", key: 42), Entry("x again", key: 42)]);
            Assert.Equal([1L, EventSpool.Duplicate], first);
        }
        using var reopened = Open();
        Assert.Equal(new long[] { EventSpool.Duplicate }, await reopened.AppendAsync([Entry("retry", key: 42)]));
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(new long[] { 2L }, await reopened.AppendAsync([Entry("a day later", key: 42)]));
    }

    [Fact]
    public async Task Full_RefusesAppends_UntilConsumersCatchUp()
    {
        using var spool = Open(maxBytes: 1 << 20, segmentBytes: 64 << 10);
        var big = new string('x', 100_000);
        await Assert.ThrowsAsync<SpoolFullException>(async () =>
        {
            for (var i = 0; i < 20; i++) await spool.AppendAsync([Entry(big)]);
        });
        foreach (var consumer in new[] { "clickhouse", "leads" }) spool.SaveCheckpoint(consumer, spool.CommittedSeq);
        Assert.True((await spool.AppendAsync([Entry(big)]))[0] > 0);
    }

    [Fact]
    public async Task ConsumedSegments_AreDeleted_AfterTheDedupeWindow()
    {
        using var spool = Open(segmentBytes: 64 << 10);
        for (var i = 0; i < 10; i++) await spool.AppendAsync([Entry(new string('y', 20_000))]);
        Assert.True(Directory.GetFiles(directory, "*.seg").Length > 1);
        foreach (var file in Directory.GetFiles(directory, "*.seg")) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-2));
        time.SetUtcNow(DateTimeOffset.UtcNow);
        foreach (var consumer in new[] { "clickhouse", "leads" }) spool.SaveCheckpoint(consumer, spool.CommittedSeq);
        // Moving the clock may also close the tail by age, on the writer's own thread; the segment that closes
        // then goes right after, leaving the new empty tail alone either way.
        for (var wait = 0; wait < 100 && Directory.GetFiles(directory, "*.seg").Length > 1; wait++) await Task.Delay(50);
        Assert.Single(Directory.GetFiles(directory, "*.seg"));
        // A reader that starts before the deleted range skips to what is left.
        using var reader = spool.OpenReader(1);
        Assert.All(reader.Read(100), r => Assert.True(r.Seq > 1));
    }

    [Fact]
    public async Task AgedSegment_IsClosedWithoutNewWrites_AndDeletedOnceEveryConsumerHasPassedIt()
    {
        using var spool = Open();
        await spool.AppendAsync([Entry("ann@example.com", key: 7)]);
        ConsumeAll(spool);
        // Consumed, but still the open tail: it stays until it is MaxSegmentAge old.
        time.Advance(MaxSegmentAge - TimeSpan.FromSeconds(1));
        await spool.CloseAgedSegmentAsync();
        Assert.Single(SegmentsHolding("ann@example.com"));

        time.Advance(TimeSpan.FromSeconds(1));
        await spool.CloseAgedSegmentAsync();
        Assert.Empty(SegmentsHolding("ann@example.com"));
        Assert.Equal(new long[] { 2L }, await spool.AppendAsync([Entry("next")]));
    }

    [Fact]
    public async Task AgedSegment_IsClosedByTheTimerAlone()
    {
        using var spool = Open();
        await spool.AppendAsync([Entry("bob@example.com")]);
        ConsumeAll(spool);
        time.Advance(MaxSegmentAge);
        // Nothing but the timer asks: the writer closes the segment on its own task.
        Assert.True(SpinWait.SpinUntil(() => SegmentsHolding("bob@example.com").Count == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AgeTimerThatFiresEarly_IsSetAgain_AndTheSegmentStillCloses()
    {
        // System timers round a due time down to whole milliseconds, so they can fire just before the segment is old enough.
        using var spool = new EventSpool(new SpoolOptions { Directory = directory, MaxSegmentAge = MaxSegmentAge }, new EarlyTimers(time, TimeSpan.FromMilliseconds(1)));
        await spool.AppendAsync([Entry("dee@example.com")]);
        ConsumeAll(spool);
        time.Advance(MaxSegmentAge - TimeSpan.FromMilliseconds(1));
        await spool.CloseAgedSegmentAsync();
        Assert.Single(SegmentsHolding("dee@example.com"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(SpinWait.SpinUntil(() => SegmentsHolding("dee@example.com").Count == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ClosedSegment_IsDeletedWhenTheLastConsumerPassesIt()
    {
        using var spool = Open();
        await spool.AppendAsync([Entry("cy@example.com")]);
        time.Advance(MaxSegmentAge);
        await spool.CloseAgedSegmentAsync();
        spool.SaveCheckpoint("clickhouse", spool.CommittedSeq);
        Assert.Single(SegmentsHolding("cy@example.com"));
        spool.SaveCheckpoint("leads", spool.CommittedSeq);
        Assert.Empty(SegmentsHolding("cy@example.com"));
    }

    [Fact]
    public async Task StalledConsumer_KeepsItsSegments_PastTheirAge()
    {
        using var spool = Open();
        await spool.AppendAsync([Entry("one"), Entry("two")]);
        spool.SaveCheckpoint("clickhouse", spool.CommittedSeq);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(MaxSegmentAge);
            await spool.CloseAgedSegmentAsync();
            await spool.AppendAsync([Entry($"more-{i}")]);
            spool.SaveCheckpoint("clickhouse", spool.CommittedSeq);
        }
        // "leads" has taken nothing: everything is still there for it, in order.
        using var reader = spool.OpenReader(spool.GetCheckpoint("leads") + 1);
        Assert.Equal(["one", "two", "more-0", "more-1", "more-2"], reader.Read(10).Select(Text));
        Assert.True(Directory.GetFiles(directory, "*.seg").Length > 1);
    }

    [Fact]
    public async Task Retry_AfterItsSegmentWasDeleted_IsDuplicate_EvenAfterRestart_UntilTheWindowEnds()
    {
        using (var spool = Open())
        {
            await spool.AppendAsync([Entry("x", key: 42)]);
            time.Advance(MaxSegmentAge);
            await spool.CloseAgedSegmentAsync();
            ConsumeAll(spool);
            Assert.Empty(SegmentsHolding("x"));
            Assert.Single(Directory.GetFiles(directory, "*.keys"));
        }
        using (var reopened = Open())
        {
            Assert.Empty(reopened.Warnings);
            Assert.Equal(new long[] { EventSpool.Duplicate }, await reopened.AppendAsync([Entry("retry", key: 42)]));
        }
        time.Advance(TimeSpan.FromDays(1));
        using var later = Open();
        // Out of the window: the key file is gone and the id is new again.
        Assert.Empty(Directory.GetFiles(directory, "*.keys"));
        Assert.Equal(new long[] { 2L }, await later.AppendAsync([Entry("a day later", key: 42)]));
    }

    [Fact]
    public async Task CrashBetweenWritingTheKeyFileAndDeletingTheSegment_IsHarmless()
    {
        string segment;
        byte[] content;
        using (var spool = Open())
        {
            await spool.AppendAsync([Entry("a", key: 1), Entry("b", key: 2)]);
            time.Advance(MaxSegmentAge);
            await spool.CloseAgedSegmentAsync();
            segment = SegmentsHolding("a").Single();
            content = File.ReadAllBytes(segment);
            ConsumeAll(spool);
        }
        // As if the process died after the key file was renamed into place, before the segment was deleted.
        Assert.Single(Directory.GetFiles(directory, "*.keys"));
        File.WriteAllBytes(segment, content);

        using var reopened = Open();
        Assert.Empty(reopened.Warnings);
        Assert.Equal(2, reopened.CommittedSeq);
        var retried = await reopened.AppendAsync([Entry("a", key: 1), Entry("b", key: 2), Entry("c", key: 3)]);
        Assert.Equal([EventSpool.Duplicate, EventSpool.Duplicate, 3L], retried);
        using var reader = reopened.OpenReader(reopened.GetCheckpoint("leads") + 1);
        Assert.Equal(["c"], reader.Read(10).Select(Text));
        // Opening finished the deletion the crash interrupted.
        Assert.Empty(SegmentsHolding("a"));
        Assert.Single(Directory.GetFiles(directory, "*.keys"));
    }

    [Fact]
    public async Task DamagedKeyFile_IsReported_AndTheSpoolOpens()
    {
        using (var spool = Open())
        {
            await spool.AppendAsync([Entry("x", key: 42)]);
            time.Advance(MaxSegmentAge);
            await spool.CloseAgedSegmentAsync();
            ConsumeAll(spool);
        }
        var keys = Directory.GetFiles(directory, "*.keys").Single();
        File.WriteAllBytes(keys, File.ReadAllBytes(keys)[..^3]);

        using var reopened = Open();
        Assert.Single(reopened.Warnings);
        Assert.Empty(Directory.GetFiles(directory, "*.keys"));
        Assert.Equal(new long[] { 2L }, await reopened.AppendAsync([Entry("y")]));
    }

    [Fact]
    public async Task ManyConcurrentAppends_GetUniqueConsecutiveNumbers()
    {
        using var spool = Open();
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(t =>
            Task.Run(async () =>
            {
                var seqs = new List<long>();
                for (var i = 0; i < 25; i++) seqs.AddRange(await spool.AppendAsync([Entry($"{t}-{i}")]));
                return seqs;
            })));
        var all = results.SelectMany(s => s).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), all);
        using var reader = spool.OpenReader(1);
        Assert.Equal(1000, reader.Read(2000).Count);
    }

    [Fact]
    public async Task AReadSpanningManyBuffers_KeepsEveryPayloadIntact_AndTheNextReadsReuseThem()
    {
        // Payloads of many sizes, one larger than the reader's 64 KiB buffer, across segment rolls: one read
        // fills several buffers, and its records must all still hold their own bytes when it returns.
        using var spool = Open(segmentBytes: 256 << 10);
        var texts = Enumerable.Range(0, 1500).Select(i => $"{i}:" + new string((char)('a' + i % 26), i == 700 ? 100_000 : 1 + i * 37 % 2_000)).ToList();
        foreach (var chunk in texts.Chunk(100)) await spool.AppendAsync([.. chunk.Select(t => Entry(t))]);
        using var reader = spool.OpenReader(1);
        var seen = new List<string>();
        for (var records = reader.Read(SpoolReader.MaxPerRead); records.Count > 0; records = reader.Read(SpoolReader.MaxPerRead))
        {
            // Checked only once the whole read has returned: the buffers its later records filled must not have overwritten the earlier ones.
            Assert.True(records.Count <= SpoolReader.MaxPerRead);
            seen.AddRange(records.Select(Text));
        }
        Assert.Equal(texts, seen);
    }

    [Fact]
    public void Checkpoints_SurviveReopen()
    {
        using (var spool = Open()) spool.SaveCheckpoint("leads", 17);
        using var reopened = Open();
        Assert.Equal(17, reopened.GetCheckpoint("leads"));
        Assert.Equal(0, reopened.GetCheckpoint("clickhouse"));
    }

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static readonly TimeSpan MaxSegmentAge = TimeSpan.FromMinutes(5);

    private EventSpool Open(long maxBytes = 1L << 30, long segmentBytes = 64L << 20) =>
        new(new SpoolOptions { Directory = directory, MaxBytes = maxBytes, SegmentBytes = segmentBytes, MaxSegmentAge = MaxSegmentAge }, time);

    private static void ConsumeAll(EventSpool spool)
    {
        foreach (var consumer in new[] { "clickhouse", "leads" }) spool.SaveCheckpoint(consumer, spool.CommittedSeq);
    }

    /// <summary>The segment files that hold this text anywhere in their bytes.</summary>
    private List<string> SegmentsHolding(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(directory, "*.seg").Where(f => Read(f).AsSpan().IndexOf(bytes) >= 0).ToList();

        // The spool may cut or delete a file while it is listed and read.
        static byte[] Read(string file)
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }
            catch (FileNotFoundException)
            {
                return [];
            }
        }
    }

    private static SpoolEntry Entry(string text, ulong key = 0) => new(key, Encoding.UTF8.GetBytes(text));

    private static string Text(SpoolRecord record) => Encoding.UTF8.GetString(record.Payload.Span);

    /// <summary>
    /// Writes bytes where the next record would go, over the zeros filled ahead of it: where a crash
    /// mid-write leaves its torn bytes, and where an older version (which did not fill ahead) appended.
    /// </summary>
    private static void WriteAfterLastRecord(string segment, byte[] bytes)
    {
        var content = File.ReadAllBytes(segment);
        var end = content.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        using var file = new FileStream(segment, FileMode.Open, FileAccess.Write);
        file.Position = end;
        file.Write(bytes);
    }

    /// <summary>The test clock, except that its timers fire <paramref name="early"/> before they are due.</summary>
    private sealed class EarlyTimers(FakeTimeProvider clock, TimeSpan early) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Timer(clock.CreateTimer(callback, state, Earlier(dueTime), period), this);

        private TimeSpan Earlier(TimeSpan due) => due == Timeout.InfiniteTimeSpan ? due : due > early ? due - early : TimeSpan.Zero;

        private sealed class Timer(ITimer inner, EarlyTimers owner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Earlier(dueTime), period);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
