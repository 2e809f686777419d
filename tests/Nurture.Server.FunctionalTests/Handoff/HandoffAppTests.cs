using System.Net;
using System.Net.Sockets;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>The hand-off fixture itself: what xunit's disposal reaches.</summary>
public sealed class HandoffAppTests
{
    [Fact]
    public async Task DisposeAsync_AsXunitCallsIt_ClosesTheWorkspaceReceiver()
    {
        var app = new HandoffApp();
        var port = app.Workspace.Port;

        await ((IAsyncLifetime)app).DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }
}
