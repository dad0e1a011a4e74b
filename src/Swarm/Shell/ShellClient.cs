using System.Net.Sockets;
using System.Text;

namespace Swarm.Shell;

/// <summary><c>swarm cmd</c>'s connection to a manager's shell server (<see cref="ShellProtocol"/>).</summary>
public sealed class ShellClient : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TcpClient client;
    private readonly StreamReader reader;
    private readonly StreamWriter writer;
    private readonly Lock writing = new();

    private ShellClient(TcpClient client, StreamReader reader, ShellProtocol.Greeting greeting)
    {
        this.client = client;
        this.reader = reader;
        writer = new StreamWriter(client.GetStream(), Utf8) { NewLine = "\n", AutoFlush = true };
        Greeting = greeting;
    }

    /// <summary>The manager that answers, and its commands.</summary>
    public ShellProtocol.Greeting Greeting { get; }

    /// <summary>Connects and reads the greeting; throws <see cref="SocketException"/> if nothing listens, <see cref="IOException"/> if what answers is not a shell.</summary>
    public static async Task<ShellClient> Connect(string host, int port)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port);
            var reader = new StreamReader(client.GetStream(), Utf8);
            string? first = await reader.ReadLineAsync();
            var greeting = (first is null ? null : ShellProtocol.DecodeGreeting(first)) ?? throw new IOException("what answers there is not a swarm shell");
            return new ShellClient(client, reader, greeting);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs one command: its output to <paramref name="output"/>, its errors to <paramref name="errors"/>. Cancelling
    /// <paramref name="cancel"/> asks the server to end it (a stream ends with status 0). Answers its exit status;
    /// throws <see cref="IOException"/> if the connection ends first.
    /// </summary>
    public async Task<int> Run(IReadOnlyList<string> words, TextWriter output, TextWriter errors, CancellationToken cancel)
    {
        Send(new ShellProtocol.Run(words));
        using var cancelling = cancel.Register(() => Send(ShellProtocol.Cancel.Instance));
        while (await reader.ReadLineAsync() is { } line)
        {
            switch (ShellProtocol.DecodeFromServer(line))
            {
                case ShellProtocol.Output printed:
                    output.WriteLine(printed.Line);
                    break;
                case ShellProtocol.Failure failed:
                    errors.WriteLine(failed.Line);
                    break;
                case ShellProtocol.Exit exit:
                    return exit.Code;
            }
        }
        throw new IOException("the manager closed the connection");
    }

    public void Dispose()
    {
        reader.Dispose();
        client.Dispose();
    }

    // Small lines, written whole: a cancel may come from a signal handler while nothing else writes.
    private void Send(object message)
    {
        lock (writing)
        {
            try
            {
                writer.WriteLine(ShellProtocol.Encode(message));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The reply loop finds the connection closed and says so.
            }
        }
    }
}
