using Swarm.Actors.Tests.Support;
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
        await using var sample = StartSample(port, LoopbackPorts.FreeRange(3), state, "2");
        string host = $"tcp://127.0.0.1:{port}";
        try
        {
            // The export line comes once the manager sees every engine healthy.
            Assert.Equal($"export DOCKER_HOST={host}", (await sample.ExportLines(1, TimeSpan.FromMinutes(4)))[0]);
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
        Assert.Equal("", await RunningProcesses.Matching(state));
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task The_hollow_variant_runs_simulated_engines_without_dockerd_and_stops_them_on_sigterm()
    {
        const int Engines = 3;
        int port = LoopbackPorts.FreeRange(1);
        int basePort = LoopbackPorts.FreeRange(Engines + 1);
        // No SWARM_STATE_DIR: the script makes a temporary one and removes it at exit.
        await using var sample = StartSample(port, basePort, null, "--hollow", Engines.ToString());
        string host = $"tcp://127.0.0.1:{port}";
        string farm = $"hollow-farm.dll --engines {Engines} --base-port {basePort + 1}";
        string? stateDirectory = null;
        try
        {
            Assert.Equal($"export DOCKER_HOST={host}", (await sample.ExportLines(1, TimeSpan.FromMinutes(4)))[0]);
            Assert.Single(sample.Output);
            Assert.Contains($"Starting {Engines} SIMULATED engines", sample.Log);
            Assert.NotEqual("", await RunningProcesses.Matching(farm));

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
            stateDirectory = System.Text.RegularExpressions.Regex.Match(await RunningProcesses.Matching($"swarm.dll manage -H {host}"), @"--store (\S+)/swarm\.db").Groups[1].Value;
            Assert.True(Directory.Exists(stateDirectory), "the manager's state directory " + stateDirectory);
        }
        finally
        {
            await sample.Terminate();
            output.WriteLine(sample.Log);
        }
        Assert.Equal("", await RunningProcesses.Matching(farm));
        Assert.Equal("", await RunningProcesses.Matching($"swarm.dll manage -H {host}"));
        Assert.False(Directory.Exists(stateDirectory), "the temporary state directory should be gone");
        var gone = await DockerCli.Run(host, "info");
        Assert.NotEqual(0, gone.ExitCode);
    }

    /// <summary>samples/local/cluster.sh with its ports (and state directory, when given) in its environment.</summary>
    private static SampleScript StartSample(int port, int engineBasePort, string? stateDirectory, params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["SWARM_PORT"] = port.ToString(),
            // Away from the kernel's ephemeral ports (LoopbackPorts.Free), which other tests' processes take at any time.
            ["SWARM_CLUSTER_PORT"] = LoopbackPorts.FreeRange(1).ToString(),
            ["ENGINE_BASE_PORT"] = engineBasePort.ToString(),
        };
        if (stateDirectory is not null) environment["SWARM_STATE_DIR"] = stateDirectory;
        return SampleScript.Start("samples/local/cluster.sh", environment, arguments);
    }
}
