using System.Net;
using System.Net.Sockets;

namespace Swarm.Testing;

/// <summary>Free ports on 127.0.0.1 for the processes tests start.</summary>
public static class LoopbackPorts
{
    /// <summary>One free port, as the kernel picks it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port from which <paramref name="count"/> consecutive ports are free, picked at random so parallel tests do not meet.</summary>
    public static int FreeRange(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Random.Shared.Next(20000, 60000 - count);
            if (Enumerable.Range(first, count).All(port => IsFree(IPAddress.Loopback, port))) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports on 127.0.0.1");
    }

    /// <summary>A port free on every one of the addresses.</summary>
    public static int FreeOnAll(IReadOnlyList<IPAddress> addresses)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = Random.Shared.Next(20000, 60000);
            if (addresses.All(address => IsFree(address, port))) return port;
        }
        throw new InvalidOperationException("no port free on all addresses");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
