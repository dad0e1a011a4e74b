using System.Text;

namespace Swarm.Engines.Tests.Support;

/// <summary>
/// The engine's side of one <c>GET /events</c> answered by <see cref="FakeDockerd"/>: the response headers are out
/// (chunked, as dockerd streams), the test writes the body chunk by chunk and ends or cuts it.
/// </summary>
internal sealed class ServedEventStream(Stream connection, string target) : IAsyncDisposable
{
    private readonly TaskCompletionSource clientGone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request line's target, e.g. <c>/v1.41/events?since=1700000000.000000000</c>.</summary>
    public string Target { get; } = target;

    /// <summary>Completes once the client closes its side of the connection (it sends nothing after the request).</summary>
    public Task ClientGone => clientGone.Task;

    /// <summary>Event lines as dockerd writes them: each ends with a newline.</summary>
    public Task SendLinesAsync(params string[] lines) => SendChunkAsync(string.Concat(lines.Select(line => line + "\n")));

    /// <summary>One HTTP chunk of any text, for lines split across chunks.</summary>
    public async Task SendChunkAsync(string text)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        await connection.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
        await connection.WriteAsync(data);
        await connection.WriteAsync("\r\n"u8.ToArray());
        await connection.FlushAsync();
    }

    /// <summary>Ends the body properly (the last chunk) and closes the connection, as a daemon shutting down cleanly.</summary>
    public async Task EndAsync()
    {
        await connection.WriteAsync("0\r\n\r\n"u8.ToArray());
        await connection.FlushAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Closes the connection in the middle of the body, as a dying daemon's connection drops.</summary>
    public ValueTask CutAsync() => connection.DisposeAsync();

    /// <summary>Watches for the client closing the connection; called once the headers are out.</summary>
    internal async Task WatchClientAsync()
    {
        try
        {
            byte[] buffer = new byte[256];
            while (await connection.ReadAsync(buffer) > 0)
            {
                // A streaming client sends nothing more; anything read is ignored.
            }
        }
        catch (Exception)
        {
            // Reset or disposed by the test: gone either way.
        }
        clientGone.TrySetResult();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
