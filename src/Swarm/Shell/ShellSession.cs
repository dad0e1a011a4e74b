using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Swarm.Actors.Manager;

namespace Swarm.Shell;

/// <summary>
/// One client's connection to the shell server (<see cref="ShellProtocol"/>): the greeting, then its commands one
/// after the other. Its requests are read meanwhile, so a cancel or the client going away ends a streaming command.
/// </summary>
internal sealed class ShellSession(TcpClient client, SwarmManager manager, ShellPalette palette)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock gate = new();
    private CancellationTokenSource? running;

    /// <summary>Serves until the client goes away or the manager stops; never throws for a lost connection.</summary>
    public async Task Serve(CancellationToken stopping)
    {
        try
        {
            await ServeConnection(stopping);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away while its connection was being closed.
        }
    }

    private async Task ServeConnection(CancellationToken stopping)
    {
        using var connection = client;
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Utf8);
        await using var writer = new StreamWriter(stream, Utf8) { NewLine = "\n" };
        string caller = client.Client.RemoteEndPoint?.ToString() ?? "unknown";
        var runs = Channel.CreateUnbounded<ShellProtocol.Run>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        async Task Send(object message)
        {
            await writer.WriteLineAsync(ShellProtocol.Encode(message).AsMemory(), gone.Token);
            await writer.FlushAsync(gone.Token);
        }

        var reading = Read(reader, runs.Writer, gone);
        try
        {
            await Send(new ShellProtocol.Greeting(Cluster.Get(manager.System).SelfAddress.ToString(), [.. palette.Commands.Select(c => c.Info)]));
            await foreach (var run in runs.Reader.ReadAllAsync(gone.Token))
            {
                using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(gone.Token);
                lock (gate) running = cancellation;
                int exit;
                try
                {
                    exit = await Execute(run.Words, caller, Send, cancellation.Token);
                }
                finally
                {
                    lock (gate) running = null;
                }
                await Send(new ShellProtocol.Exit(exit));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the manager is stopping.
        }
        finally
        {
            await gone.CancelAsync();
            await reading;
        }
    }

    // Requests as they come; the end of the connection cancels whatever runs (a tail would otherwise run on).
    private async Task Read(StreamReader reader, ChannelWriter<ShellProtocol.Run> runs, CancellationTokenSource gone)
    {
        try
        {
            while (await reader.ReadLineAsync(gone.Token) is { } line)
            {
                switch (ShellProtocol.DecodeFromClient(line))
                {
                    case ShellProtocol.Run run:
                        runs.TryWrite(run);
                        break;
                    case ShellProtocol.Cancel:
                        lock (gate) running?.Cancel();
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            runs.TryComplete();
            await gone.CancelAsync();
        }
    }

    private async Task<int> Execute(IReadOnlyList<string> typed, string caller, Func<object, Task> send, CancellationToken cancellation)
    {
        var output = new ShellOutput(typed.Contains("--json"), send);
        var words = typed.Where(w => w != "--json").ToList();
        if (words.Count == 0) return ShellProtocol.Succeeded;
        if (palette.Find(words) is not var (command, arguments))
        {
            await output.Error($"unknown command: {string.Join(' ', words)} (help lists the commands)");
            return ShellProtocol.Misused;
        }
        if (arguments.Contains("--help"))
        {
            await output.Columns("command", "arguments", "description");
            await output.Row(command.Name, command.Arguments, command.Description);
            return ShellProtocol.Succeeded;
        }
        if (arguments.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal)) is { } flag)
        {
            await output.Error($"unknown flag {flag}: {command.Name} takes --json and --help");
            return ShellProtocol.Misused;
        }
        if (arguments.Count < command.MinArguments || arguments.Count > command.MaxArguments)
        {
            await output.Error($"usage: {command.Usage}");
            return ShellProtocol.Misused;
        }
        try
        {
            return await command.Run(new ShellInvocation(manager, arguments, output, caller, cancellation));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Cancelled by the client: the end of a stream, not a failure.
            return ShellProtocol.Succeeded;
        }
        catch (AskTimeoutException)
        {
            await output.Error($"{command.Name}: no answer from the cluster within {ShellInvocation.AskTimeout.TotalSeconds:0}s");
            return ShellProtocol.Failed;
        }
    }
}
