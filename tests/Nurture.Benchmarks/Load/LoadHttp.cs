namespace Nurture.Benchmarks.Load;

/// <summary>HttpClient for generating load: keep-alive connections, no cookies, no decompression, no proxy.</summary>
public static class LoadHttp
{
    public static HttpClient Create(Uri baseAddress, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
