using System.Text.RegularExpressions;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// samples/three-managers/cluster.sh: PostgreSQL, three managers seeded to each other and simulated engines; one
/// cluster that any manager answers for, and nothing left behind after SIGTERM.
/// </summary>
public sealed class ThreeManagersSampleTests(ITestOutputHelper output)
{
    private const int Managers = 3;
    private const int Engines = 3;

    [Fact]
    public async Task Three_managers_form_one_cluster_over_the_engines_and_a_container_made_through_one_is_listed_through_another()
    {
        int port = LoopbackPorts.FreeRange(Managers);
        // Away from the kernel's ephemeral ports (LoopbackPorts.Free), which other tests' processes take at any time.
        int clusterPort = LoopbackPorts.FreeRange(Managers);
        int basePort = LoopbackPorts.FreeRange(Engines + 1);
        int shellPort = LoopbackPorts.FreeRange(Managers);
        string[] hosts = [.. Enumerable.Range(0, Managers).Select(i => $"tcp://127.0.0.1:{port + i}")];
        await using var sample = SampleScript.Start("samples/three-managers/cluster.sh", new Dictionary<string, string>
        {
            ["SWARM_PORT"] = port.ToString(),
            ["SWARM_CLUSTER_PORT"] = clusterPort.ToString(),
            ["ENGINE_BASE_PORT"] = basePort.ToString(),
            ["SWARM_SHELL_PORT"] = shellPort.ToString(),
        }, "--hollow", Engines.ToString());
        string farm = $"hollow-farm.dll --engines {Engines} --base-port {basePort + 1}";
        string stateDirectory = "", postgres = "";
        try
        {
            var exports = await sample.ExportLines(Managers, TimeSpan.FromMinutes(5));
            Assert.Equal(hosts.Select((host, i) => $"export DOCKER_HOST={host}    # manager-{i + 1}"), exports);
            // What the script printed: each manager's docker info, all three engines in each.
            string printed = string.Join('\n', sample.Output);
            for (int i = 0; i < Managers; i++) Assert.Contains($"--- manager-{i + 1}: docker -H {hosts[i]} info ---", printed);
            Assert.Equal(Managers, Regex.Matches(printed, $"Nodes: {Engines}\n").Count);
            Assert.Equal(Managers * Engines, Regex.Matches(printed, "└ Status: Healthy").Count);

            // What the managers answer: one primary, the replicas pointing at its Akka endpoint, every engine healthy on each.
            var infos = new List<string>();
            foreach (string host in hosts)
            {
                var info = await DockerCli.Run(host, "info");
                Assert.True(info.ExitCode == 0, info.ToString());
                Assert.Contains($"Nodes: {Engines}", info.Output);
                for (int engine = 1; engine <= Engines; engine++) Assert.Contains($"hollow-{engine}: 127.0.0.1:{basePort + engine}", info.Output);
                Assert.Equal(Engines, info.Output.Split("└ Status: Healthy").Length - 1);
                infos.Add(info.Output);
            }
            int primary = infos.FindIndex(info => info.Contains("Role: primary", StringComparison.Ordinal));
            Assert.True(primary >= 0, "no manager says it is the primary:\n" + string.Join('\n', infos));
            for (int i = 0; i < Managers; i++)
            {
                if (i == primary) continue;
                Assert.Contains("Role: replica", infos[i]);
                Assert.Contains($"Primary: 127.0.0.1:{clusterPort + primary}", infos[i]);
            }

            // Each manager's own operational shell lists the three members, up.
            for (int i = 0; i < Managers; i++)
            {
                var members = await ShellCli.Run($"127.0.0.1:{shellPort + i}", "cluster", "show");
                Assert.True(members.ExitCode == 0, members.ToString());
                Assert.Equal(Enumerable.Range(0, Managers).Select(m => $"127.0.0.1:{clusterPort + m}").Order(), members.Records.Skip(1).Select(r => r[0].Split("@").Last()).Order());
                Assert.All(members.Records.Skip(1), r => Assert.Equal("up", r[1]));
            }

            var run = await DockerCli.Run(hosts[0], "run", "-d", "--name", "across", "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.ToString());
            // ps lists what the engines reported: the new container may take a moment to show (longer on a loaded CI machine).
            string id = run.Output.Trim();
            var listed = await DockerCli.Run(hosts[2], "ps", "--no-trunc", "--format", "{{.ID}} {{.Names}}");
            for (int attempt = 0; attempt < 120 && !listed.Output.Contains(id, StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(250);
                listed = await DockerCli.Run(hosts[2], "ps", "--no-trunc", "--format", "{{.ID}} {{.Names}}");
            }
            Assert.Matches($@"(?m)^{id} hollow-\d/across$", listed.Output);

            // Where the script keeps its state and its PostgreSQL, from its log and the server's command line.
            stateDirectory = Regex.Match(sample.Log, @"log (/\S+)/manager-1\.log").Groups[1].Value;
            Assert.True(Directory.Exists(stateDirectory), "the sample's state directory " + stateDirectory);
            string postgresPort = Regex.Match(sample.Log, @"PostgreSQL on port (\d+)").Groups[1].Value;
            postgres = Regex.Match(await RunningProcesses.Matching($"-p {postgresPort} -k"), @"-D (\S+)/data").Groups[1].Value;
            Assert.True(Directory.Exists(postgres), "the sample's PostgreSQL directory " + postgres);
        }
        finally
        {
            await sample.Terminate();
            output.WriteLine(sample.Log);
        }
        Assert.Equal("", await RunningProcesses.Matching(farm));
        foreach (string host in hosts) Assert.Equal("", await RunningProcesses.Matching($"swarm.dll manage -H {host}"));
        Assert.Equal("", await RunningProcesses.Matching(postgres + "/data"));
        Assert.False(Directory.Exists(postgres), "the PostgreSQL directory should be gone");
        Assert.False(Directory.Exists(stateDirectory), "the temporary state directory should be gone");
        Assert.NotEqual(0, (await DockerCli.Run(hosts[0], "info")).ExitCode);
    }
}
