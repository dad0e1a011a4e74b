using System.Diagnostics;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>The README's "start a cluster" command (samples/local/cluster.sh) works, and stops what it started.</summary>
public sealed class LocalClusterSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_sample_starts_engines_and_a_manager_the_docker_cli_can_use_and_stops_them_on_sigterm()
    {
        string root = RepositoryRoot();
        string state = Path.Combine(Path.GetTempPath(), "swarm-sample-" + Guid.NewGuid().ToString("N")[..8]);
        int port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add("samples/local/cluster.sh");
        start.ArgumentList.Add("2");
        start.Environment["SWARM_PORT"] = port.ToString();
        start.Environment["ENGINE_BASE_PORT"] = Random.Shared.Next(46000, 50000).ToString();
        start.Environment["SWARM_STATE_DIR"] = state;
        using var script = Process.Start(start)!;
        var log = new StringWriter();
        script.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        script.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            string host = $"tcp://127.0.0.1:{port}";
            var deadline = DateTime.UtcNow.AddMinutes(3);
            DockerCli.Result info;
            do
            {
                await Task.Delay(500);
                info = await DockerCli.Run(host, "info");
            }
            while (DateTime.UtcNow < deadline && !script.HasExited && info.Output.Split("└ Status: Healthy").Length - 1 < 2);
            Assert.Contains("Nodes: 2", info.Output);

            var run = await DockerCli.Run(host, "run", "-d", "--name", "sample", "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("/sample", (await DockerCli.Run(host, "ps", "--format", "{{.Names}}")).Output);
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", script.Id.ToString()])) await term.WaitForExitAsync();
            await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            lock (log) output.WriteLine(log.ToString());
        }
        Assert.False(Directory.Exists(Path.Combine(state, "engines")), "the engines' directory should be gone");
        using var leftovers = Process.Start(new ProcessStartInfo("pgrep", ["-f", state]) { RedirectStandardOutput = true })!;
        await leftovers.WaitForExitAsync();
        Assert.Equal("", (await leftovers.StandardOutput.ReadToEndAsync()).Trim());
        Directory.Delete(state, recursive: true);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Swarm.Actors.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
