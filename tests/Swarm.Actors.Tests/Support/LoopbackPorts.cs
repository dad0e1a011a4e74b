using System.Net;
using System.Net.Sockets;

namespace Swarm.Actors.Tests.Support;

/// <summary>Free ports on 127.0.0.1 for the processes tests start.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A base port such that base+1…base+count are free, picked at random so parallel runs do not meet.</summary>
    public static int FreeRange(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int basePort = Random.Shared.Next(30000, 45000);
            if (Enumerable.Range(basePort + 1, count).All(IsFree)) return basePort;
        }
        throw new InvalidOperationException("no free port range on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
