using System.Text.Json;

namespace Nurture.Ingest.Wire;

/// <summary>What a POST /collect body held: the valid events and a rejection for each invalid one.</summary>
public sealed record ParsedBatch(IReadOnlyList<IncomingEvent> Events, IReadOnlyList<Rejection> Rejected, string? Error)
{
    public static ParsedBatch Broken(string error) => new([], [new Rejection(-1, "", error)], error);
}

/// <summary>Parses a /collect body: a JSON array of events (a single object is taken as a batch of one).</summary>
public static class CollectBatchParser
{
    public static ParsedBatch Parse(ReadOnlyMemory<byte> body)
    {
        // The parser checks UTF-8 only when a string is read; refuse a malformed body up front instead.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return ParsedBatch.Broken("the body is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return ParsedBatch.Broken($"the body is not valid JSON (UTF-8): {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => null,
            };
            if (items is null) return ParsedBatch.Broken("the body must be a JSON array of event objects");
            if (items.Count == 0) return ParsedBatch.Broken("the batch is empty");
            if (items.Count > WireLimits.MaxEventsPerBatch)
                return ParsedBatch.Broken($"the batch has {items.Count} events; at most {WireLimits.MaxEventsPerBatch} are accepted");

            List<IncomingEvent> events = [];
            List<Rejection> rejected = [];
            for (var i = 0; i < items.Count; i++)
            {
                var (incoming, rejection) = EventValidator.Validate(items[i], i);
                if (incoming is not null)
                {
                    events.Add(incoming);
                    rejected.AddRange(incoming.Refused);
                }
                else
                {
                    rejected.Add(rejection!);
                }
            }
            return new ParsedBatch(events, rejected, null);
        }
    }
}
