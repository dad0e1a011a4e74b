using System.Net.Sockets;
using System.Security.Authentication;

namespace Swarm.Engines;

/// <summary>Tells failures to reach an engine (which count against its health) from answers it gave (which do not).</summary>
public static class EngineErrors
{
    /// <summary>
    /// Classic counted refused connections and unreachable hosts; we count time-outs too, so that a hung engine
    /// (SIGSTOP: the kernel still accepts connections, nobody answers) is flagged like a dead one, and failed
    /// TLS handshakes, after which nothing can be asked of the engine either.
    /// </summary>
    public static bool IsConnectionError(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsConnectionError),
        HttpRequestException or IOException or SocketException or TimeoutException or AuthenticationException => true,
        _ => error.InnerException is not null && IsConnectionError(error.InnerException),
    };

    /// <summary>What a refused connection looks like, for the simulated engine to fail the same way.</summary>
    public static HttpRequestException ConnectionRefused(string address) =>
        new($"Cannot connect to the Docker daemon at tcp://{address}. Connection refused", new SocketException((int)SocketError.ConnectionRefused));
}
