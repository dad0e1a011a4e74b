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

    // Ports handed to processes to bind later come from below the kernel's ephemeral range: a port checked free
    // there could be taken, before the process binds it, by any connection this machine opens (seen: a dockerd
    // of the tests' engines refused "address already in use" on a port checked free a moment before).
    private const int Lowest = 10000;
    private static readonly int BelowEphemeral = EphemeralRangeStart();

    /// <summary>A port from which <paramref name="count"/> consecutive ports are free, picked at random so parallel tests do not meet.</summary>
    public static int FreeRange(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Random.Shared.Next(Lowest, BelowEphemeral - count);
            if (Enumerable.Range(first, count).All(port => IsFree(IPAddress.Loopback, port))) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports on 127.0.0.1");
    }

    /// <summary>A port free on every one of the addresses.</summary>
    public static int FreeOnAll(IReadOnlyList<IPAddress> addresses)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = Random.Shared.Next(Lowest, BelowEphemeral);
            if (addresses.All(address => IsFree(address, port))) return port;
        }
        throw new InvalidOperationException("no port free on all addresses");
    }

    // The first port of net.ipv4.ip_local_port_range (32768 by default).
    private static int EphemeralRangeStart()
    {
        try
        {
            string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out int start) && start > Lowest + 1000 ? start : 32768;
        }
        catch (IOException)
        {
            return 32768;
        }
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
