using System.Diagnostics;

namespace Swarm.Actors.Tests.Support;

/// <summary>A <c>samples/</c> script run as a user runs it: its stdout lines kept apart, everything in one log; stopped by its PID.</summary>
public sealed class SampleScript : IAsyncDisposable
{
    private readonly Process script;
    private readonly List<string> stdout = [];
    private readonly StringWriter log = new();

    private SampleScript(Process script)
    {
        this.script = script;
        script.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log)
            {
                stdout.Add(e.Data);
                log.WriteLine(e.Data);
            }
        };
        script.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (log) return [.. stdout];
        }
    }

    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    /// <summary>Runs <c>bash <paramref name="path"/></c> (relative to the repository root) with these environment variables and arguments.</summary>
    public static SampleScript Start(string path, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(path);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new SampleScript(Process.Start(start)!);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Swarm.Actors.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The script's first <paramref name="count"/> export lines, once it printed them; fails with the log if it does not, or exits first.</summary>
    public async Task<IReadOnlyList<string>> ExportLines(int count, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline && !script.HasExited)
        {
            var exports = Output.Where(l => l.StartsWith("export ", StringComparison.Ordinal)).ToList();
            if (exports.Count >= count) return exports[..count];
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"not {count} export lines from the sample (exited: {script.HasExited}):\n{Log}");
    }

    /// <summary>SIGTERM to the script, as Ctrl-C or an operator stops it; waits for it to clean up and exit.</summary>
    public async Task Terminate()
    {
        if (script.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", script.Id.ToString()])) await term.WaitForExitAsync();
        await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!script.HasExited)
        {
            script.Kill(entireProcessTree: true);
            await script.WaitForExitAsync();
        }
        script.Dispose();
    }
}
