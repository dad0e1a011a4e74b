using System.Net.Sockets;
using System.Runtime.InteropServices;
using Swarm.Shell;

namespace Swarm;

/// <summary>
/// <c>swarm cmd [host:port] [command ...]</c>: the client of a manager's operational shell. With a command, runs it
/// once (scripts, pre-stop hooks); without, an interactive prompt on a terminal, or one command a line from stdin.
/// </summary>
public static class CmdCommand
{
    public const string Usage = """
        Usage: swarm cmd [host:port] [command [arguments] [--json]]

        Talk to a manager's operational shell (default 127.0.0.1:9110, see swarm manage --shell-host/--shell-port).

        With a command: run it once, print its output, exit 0 on success, 1 if it failed, 2 if it was misused.
        Without: an interactive prompt on a terminal (history with up/down, tab completion), or one command a line
        from stdin (lines starting with # are skipped; exits with the status of the last command that failed).
        Streaming commands (cluster tail, log tail) run until Ctrl+C.

        Commands (type help for arguments):
          cluster show|status|leader|leave|down-unreachable|tail
          cluster-sharding regions|region-stats
          actor hierarchy, log peek|tail
          scheduler state, engine list|show, container where, node drain|pause|activate, journal stats

        Output: a tab-separated header and one record a line; --json: one JSON object a line.
        """;

    private const string Prompt = "swarm> ";

    public static async Task<int> Run(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }
        string host = ShellProtocol.DefaultHost;
        int port = ShellProtocol.DefaultPort;
        var words = args.ToList();
        if (words.Count > 0 && TryAddress(words[0], out string? givenHost, out int givenPort))
        {
            (host, port) = (givenHost, givenPort);
            words.RemoveAt(0);
        }

        ShellClient client;
        try
        {
            client = await ShellClient.Connect(host, port);
        }
        catch (SocketException e)
        {
            return Fail($"swarm cmd: cannot connect to {host}:{port}: {Reason(e)}");
        }
        catch (IOException e)
        {
            return Fail($"swarm cmd: cannot talk to {host}:{port}: {e.Message}");
        }
        using (client)
        {
            try
            {
                if (words.Count > 0) return await Once(client, words);
                return Console.IsInputRedirected ? await Script(client) : await Interactive(client, $"{host}:{port}");
            }
            catch (IOException e)
            {
                return Fail($"swarm cmd: {host}:{port}: {e.Message}");
            }
        }
    }

    private static async Task<int> Once(ShellClient client, IReadOnlyList<string> words)
    {
        using var interrupt = new CancellationTokenSource();
        // Ctrl+C ends a stream cleanly (the server answers its end); a second one stops at once.
        using var signal = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        });
        return await client.Run(words, Console.Out, Console.Error, interrupt.Token);
    }

    private static async Task<int> Script(ShellClient client)
    {
        int status = ShellProtocol.Succeeded;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            if (trimmed is "exit" or "quit") break;
            int exit = await client.Run(Words(trimmed), Console.Out, Console.Error, CancellationToken.None);
            if (exit != ShellProtocol.Succeeded) status = exit;
        }
        return status;
    }

    private static async Task<int> Interactive(ShellClient client, string address)
    {
        var names = client.Greeting.Palette.Select(c => c.Name).Append("exit").ToList();
        var editor = new LineEditor(typed => ShellCompletion.Complete(typed, names));
        Console.WriteLine($"Connected to {client.Greeting.Manager} (shell at {address}). Type help for the commands, exit to leave; Tab completes.");
        CancellationTokenSource? running = null;
        // Ctrl+C while a command runs cancels it (at the prompt, the editor reads it as a key).
        using var signal = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            try
            {
                Volatile.Read(ref running)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command ended meanwhile.
            }
        });
        while (editor.ReadLine(Prompt) is { } line)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed is "exit" or "quit") break;
            using var cancellation = new CancellationTokenSource();
            Volatile.Write(ref running, cancellation);
            await client.Run(Words(trimmed), Console.Out, Console.Error, cancellation.Token);
            Volatile.Write(ref running, null);
        }
        return ShellProtocol.Succeeded;
    }

    private static string[] Words(string line) => line.Split(' ', '\t').Where(w => w.Length > 0).ToArray();

    // host:port, [v6]:port: the shell's address rather than a command's first word (which never holds a colon).
    private static bool TryAddress(string word, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = word.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(word[(colon + 1)..], out port) || port is <= 0 or > 65535) return false;
        host = word[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        _ => e.Message,
    };

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ShellProtocol.Failed;
    }
}
