using System.Collections.Concurrent;
using System.Net;
using Nurture.Server.Outbound;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// The host's resolver with answers the test sets per name (and may change later: DNS rebinding); names it
/// was told nothing about go to the system's resolver.
/// </summary>
public sealed class ScriptedResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> answers = new(StringComparer.OrdinalIgnoreCase);

    public void Answer(string host, params string[] addresses) => answers[host] = [.. addresses.Select(IPAddress.Parse)];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        answers.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
