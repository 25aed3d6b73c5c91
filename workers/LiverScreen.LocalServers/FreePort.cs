using System.Net;
using System.Net.Sockets;

namespace LiverScreen.LocalServers;

/// <summary>Loopback ports nobody listens on right now (the OS picks them; the small race with other processes is accepted).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> WaitListeningAsync(int port, TimeSpan timeout, Func<bool>? stillAlive = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (stillAlive is not null && !stillAlive())
                return false;
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return false;
    }
}
