using System.Diagnostics;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>The README's "start a cluster" command (samples/local/cluster.sh) works, and stops what it started.</summary>
public sealed class LocalClusterSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_sample_starts_engines_and_a_manager_the_docker_cli_can_use_and_stops_them_on_sigterm()
    {
        string state = Path.Combine(Path.GetTempPath(), "swarm-sample-" + Guid.NewGuid().ToString("N")[..8]);
        int port = LoopbackPorts.FreeRange(1);
        // engines.sh puts node-N on base+N: ports the kernel hands out to nobody else meanwhile.
        await using var sample = Sample.Start(port, LoopbackPorts.FreeRange(3), state, "2");
        string host = $"tcp://127.0.0.1:{port}";
        try
        {
            // The export line comes once the manager sees every engine healthy.
            Assert.Equal($"export DOCKER_HOST={host}", await sample.ExportLine(TimeSpan.FromMinutes(4)));
            var info = await DockerCli.Run(host, "info");
            Assert.Contains("Nodes: 2", info.Output);
            Assert.Equal(2, info.Output.Split("└ Status: Healthy").Length - 1);

            var run = await DockerCli.Run(host, "run", "-d", "--name", "sample", "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("/sample", (await DockerCli.Run(host, "ps", "--format", "{{.Names}}")).Output);
        }
        finally
        {
            await sample.Terminate();
            output.WriteLine(sample.Log);
        }
        Assert.False(Directory.Exists(Path.Combine(state, "engines")), "the engines' directory should be gone");
        Assert.Equal("", await Processes(state));
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task The_hollow_variant_runs_simulated_engines_without_dockerd_and_stops_them_on_sigterm()
    {
        const int Engines = 3;
        int port = LoopbackPorts.FreeRange(1);
        int basePort = LoopbackPorts.FreeRange(Engines + 1);
        // No SWARM_STATE_DIR: the script makes a temporary one and removes it at exit.
        await using var sample = Sample.Start(port, basePort, null, "--hollow", Engines.ToString());
        string host = $"tcp://127.0.0.1:{port}";
        string farm = $"hollow-farm.dll --engines {Engines} --base-port {basePort + 1}";
        string? stateDirectory = null;
        try
        {
            Assert.Equal($"export DOCKER_HOST={host}", await sample.ExportLine(TimeSpan.FromMinutes(4)));
            Assert.Single(sample.Output);
            Assert.Contains($"Starting {Engines} SIMULATED engines", sample.Log);
            Assert.NotEqual("", await Processes(farm));

            var info = await DockerCli.Run(host, "info");
            Assert.True(info.ExitCode == 0, info.ToString());
            Assert.Contains($"Nodes: {Engines}", info.Output);
            for (int engine = 1; engine <= Engines; engine++) Assert.Contains($"hollow-{engine}: 127.0.0.1:{basePort + engine}", info.Output);
            Assert.Equal(Engines, info.Output.Split("└ Status: Healthy").Length - 1);
            Assert.Contains("Hollow engine (simulated", info.Output);
            var run = await DockerCli.Run(host, "run", "-d", "--name", "sample", "-e", "constraint:node==hollow-2", "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.Error);
            // ps lists what the engines reported: the new container may take a moment to show (longer on a loaded CI machine).
            var listed = await DockerCli.Run(host, "ps", "--format", "{{.Names}}");
            for (int attempt = 0; attempt < 120 && !listed.Output.Contains("hollow-2/sample", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(250);
                listed = await DockerCli.Run(host, "ps", "--format", "{{.Names}}");
            }
            Assert.Contains("hollow-2/sample", listed.Output);

            // The temporary state directory the script made, from the manager's command line.
            stateDirectory = System.Text.RegularExpressions.Regex.Match(await Processes($"swarm.dll manage -H {host}"), @"--store (\S+)/swarm\.db").Groups[1].Value;
            Assert.True(Directory.Exists(stateDirectory), "the manager's state directory " + stateDirectory);
        }
        finally
        {
            await sample.Terminate();
            output.WriteLine(sample.Log);
        }
        Assert.Equal("", await Processes(farm));
        Assert.Equal("", await Processes($"swarm.dll manage -H {host}"));
        Assert.False(Directory.Exists(stateDirectory), "the temporary state directory should be gone");
        var gone = await DockerCli.Run(host, "info");
        Assert.NotEqual(0, gone.ExitCode);
    }

    // The command lines of running processes that contain the text, one a line.
    private static async Task<string> Processes(string text)
    {
        using var found = Process.Start(new ProcessStartInfo("pgrep", ["-a", "-f", text]) { RedirectStandardOutput = true })!;
        string lines = await found.StandardOutput.ReadToEndAsync();
        await found.WaitForExitAsync();
        return string.Join('\n', lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("pgrep", StringComparison.Ordinal)));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Swarm.Actors.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>samples/local/cluster.sh run as a user runs it: its stdout lines kept apart, everything in one log; stopped by its PID.</summary>
    private sealed class Sample : IAsyncDisposable
    {
        private readonly Process script;
        private readonly List<string> stdout = [];
        private readonly StringWriter log = new();

        private Sample(Process script)
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

        public static Sample Start(int port, int engineBasePort, string? stateDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
            start.ArgumentList.Add("samples/local/cluster.sh");
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["SWARM_PORT"] = port.ToString();
            // Away from the kernel's ephemeral ports (LoopbackPorts.Free), which other tests' processes take at any time.
            start.Environment["SWARM_CLUSTER_PORT"] = LoopbackPorts.FreeRange(1).ToString();
            start.Environment["ENGINE_BASE_PORT"] = engineBasePort.ToString();
            if (stateDirectory is not null) start.Environment["SWARM_STATE_DIR"] = stateDirectory;
            return new Sample(Process.Start(start)!);
        }

        /// <summary>The script's export line, once it printed it; fails with the log if it does not, or exits first.</summary>
        public async Task<string> ExportLine(TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (DateTime.UtcNow < deadline && !script.HasExited)
            {
                if (Output.FirstOrDefault(l => l.StartsWith("export ", StringComparison.Ordinal)) is { } line) return line;
                await Task.Delay(250);
            }
            throw new Xunit.Sdk.XunitException($"no export line from the sample (exited: {script.HasExited}):\n{Log}");
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
}
