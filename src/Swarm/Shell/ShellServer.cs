using System.Net;
using System.Net.Sockets;
using Swarm.Actors.Manager;

namespace Swarm.Shell;

/// <summary>
/// The manager's operational shell: a TCP server (127.0.0.1:9110 by default) that <c>swarm cmd</c> talks to with
/// <see cref="ShellProtocol"/>. Commands ask the manager's actors from here, never from inside an actor.
/// </summary>
public sealed class ShellServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly List<Task> sessions = [];

    private ShellServer(TcpListener listener, SwarmManager manager, ShellPalette palette)
    {
        this.listener = listener;
        accepting = Accept(manager, palette);
    }

    /// <summary>Where it listens (the port the system chose, if asked for port 0).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary>Listens on the address and starts serving; throws <see cref="SocketException"/> if the address cannot be bound.</summary>
    public static ShellServer Start(IPAddress address, int port, SwarmManager manager, ShellPalette palette)
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return new ShellServer(listener, manager, palette);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        Task[] open;
        lock (sessions) open = [.. sessions];
        await Task.WhenAll(open);
        stopping.Dispose();
    }

    private async Task Accept(SwarmManager manager, ShellPalette palette)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                if (stopping.IsCancellationRequested) return;
                continue;
            }
            var session = new ShellSession(client, manager, palette).Serve(stopping.Token);
            lock (sessions)
            {
                sessions.RemoveAll(s => s.IsCompleted);
                sessions.Add(session);
            }
        }
    }
}
