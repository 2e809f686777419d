namespace Nurture.Spool;

/// <summary>The spool holds <see cref="SpoolOptions.MaxBytes"/> of unconsumed events: ingest must answer 503.</summary>
public sealed class SpoolFullException(long unconsumedBytes)
    : Exception($"The spool holds {unconsumedBytes} unconsumed bytes, its limit; retry later.");
