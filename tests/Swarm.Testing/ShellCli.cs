using System.Diagnostics;
using System.Threading.Channels;

namespace Swarm.Testing;

/// <summary><c>swarm cmd</c> as an operator runs it: the built swarm executable, a process per call.</summary>
public static class ShellCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The output's lines, each split at its tabs (the shell's text format).</summary>
        public IReadOnlyList<string[]> Records => [.. Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))];

        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    /// <param name="address">The shell's <c>host:port</c>.</param>
    public static Task<Result> Run(string address, params string[] words) => RunWithInput(address, null, words);

    /// <param name="input">Written to stdin, which is then closed (commands a line); null: stdin not redirected.</param>
    public static async Task<Result> RunWithInput(string address, string? input, params string[] words)
    {
        using var process = Process.Start(StartInfo(address, words, input is not null))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, (await output).TrimEnd('\n'), (await error).TrimEnd('\n'));
    }

    /// <summary>Starts a streaming command (<c>cluster tail</c>, <c>log tail</c>); its lines are read as they come.</summary>
    public static Stream Start(string address, params string[] words) => new(StartInfo(address, words, redirectInput: false));

    /// <summary>Starts the interactive prompt on a terminal of its own (a pseudo-terminal made by util-linux's <c>script</c>).</summary>
    public static Terminal OnTerminal(string address) => new(address);

    private static ProcessStartInfo StartInfo(string address, IEnumerable<string> words, bool redirectInput)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "swarm.dll"), "cmd", address, .. words]) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>A running <c>swarm cmd</c> whose stdout is read line by line; interrupted with SIGINT, killed by PID at the end.</summary>
    public sealed class Stream : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Channel<string> lines = Channel.CreateUnbounded<string>();

        internal Stream(ProcessStartInfo start)
        {
            process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) lines.Writer.TryComplete();
                else lines.Writer.TryWrite(e.Data);
            };
            process.Start();
            process.BeginOutputReadLine();
            Error = process.StandardError.ReadToEndAsync();
        }

        public Task<string> Error { get; }

        /// <summary>The next line of output; null once the output ended.</summary>
        public async Task<string?> NextLine(CancellationToken cancellation) =>
            await lines.Reader.WaitToReadAsync(cancellation) && lines.Reader.TryRead(out string? line) ? line : null;

        /// <summary>Ctrl+C, as an operator ends a stream; answers the exit status.</summary>
        public async Task<int> Interrupt(CancellationToken cancellation)
        {
            using (var signal = Process.Start("kill", ["-INT", process.Id.ToString()])) await signal.WaitForExitAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }

    /// <summary>
    /// <c>swarm cmd</c> on a pseudo-terminal: keys are typed into it, and what it shows is read as it comes
    /// (prompts end without a line break, so it is read as characters).
    /// </summary>
    public sealed class Terminal : IAsyncDisposable
    {
        private readonly Process process;
        private readonly System.Text.StringBuilder screen = new();
        private readonly Task reading;
        private int seen;

        internal Terminal(string address)
        {
            var start = new ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            string command = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "swarm.dll")}' cmd {address}";
            foreach (string argument in new[] { "--quiet", "--flush", "--command", command, "/dev/null" }) start.ArgumentList.Add(argument);
            process = Process.Start(start)!;
            reading = Read();
        }

        /// <summary>Types keys (<c>\t</c> is Tab, <c>\u001b[A</c> the up arrow).</summary>
        public async Task Type(string keys)
        {
            await process.StandardInput.WriteAsync(keys);
            await process.StandardInput.FlushAsync();
        }

        /// <summary>Waits until the terminal shows <paramref name="text"/> after what was waited for before; answers what it showed meanwhile.</summary>
        public async Task<string> WaitFor(string text, CancellationToken cancellation)
        {
            while (true)
            {
                lock (screen)
                {
                    string shown = screen.ToString();
                    int at = shown.IndexOf(text, seen, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        string between = shown[seen..(at + text.Length)];
                        seen = at + text.Length;
                        return between;
                    }
                    if (reading.IsCompleted) throw new InvalidOperationException($"the terminal closed without showing {text}:\n{shown}");
                }
                await Task.Delay(20, cancellation);
            }
        }

        public async Task<int> WaitForExit(CancellationToken cancellation)
        {
            await process.WaitForExitAsync(cancellation);
            return process.ExitCode;
        }

        private async Task Read()
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen) screen.Append(buffer, 0, read);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            await reading;
            process.Dispose();
        }
    }
}
