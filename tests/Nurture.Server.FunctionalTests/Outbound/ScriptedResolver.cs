using System.Collections.Concurrent;
using System.Net;
using Nurture.Outbound;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// The host's resolver with answers the test sets per name (and may change later: DNS rebinding); names it
/// was told nothing about go to the system's resolver.
/// </summary>
public sealed class ScriptedResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> lookups = new(StringComparer.OrdinalIgnoreCase);

    public void Answer(string host, params string[] addresses) => answers[host] = [.. addresses.Select(IPAddress.Parse)];

    /// <summary>How often the host was asked for this name: once per connection attempt.</summary>
    public int Lookups(string host) => lookups.GetValueOrDefault(host);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lookups.AddOrUpdate(host, 1, (_, n) => n + 1);
        return answers.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);
    }
}
