using Swarm.Actors.Tests.Support;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>Twenty hollow-farm engines (simulated, over HTTP).</summary>
public sealed class TwentyHollowEngines() : ManagerOverHollowEngines(20);

/// <summary>
/// Our <c>swarm manage</c> over a hollow farm through the same wire protocol as over real engines (the farm's CI
/// size; the scale benchmark runs it at 1,000): every engine Healthy in <c>docker info</c>, and <c>docker run -d</c>
/// spreads containers over them.
/// </summary>
public sealed class ManagerOverFarmCliTests(TwentyHollowEngines cluster) : IClassFixture<TwentyHollowEngines>
{
    [Fact]
    public async Task All_farm_engines_are_healthy_and_docker_run_spreads_containers_over_them()
    {
        var info = await cluster.Manager.Docker("info");
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("Nodes: 20", info.Output);
        Assert.Equal(20, info.Output.Split('\n').Count(line => line.Trim() == "└ Status: Healthy"));
        Assert.Equal(20, info.Output.Split('\n').Count(line => line.Trim() == "└ Labels: hollow=true, kernelversion=hollow, operatingsystem=Hollow engine (simulated, no containers really run), ostype=linux, storagedriver=hollow"));

        for (int i = 0; i < 20; i++)
        {
            var run = await cluster.Manager.Docker("run", "-d", "--name", $"spread-{i}", "busybox", "sleep", "600");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var listed = await cluster.Manager.Docker("ps", "--filter", "name=spread-", "--format", "{{.Names}}");
        var nodes = listed.Output.Split('\n').Select(name => name.Split('/')[0]).ToList();
        Assert.Equal(20, nodes.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"hollow-{n}").Order(), nodes.Distinct().Order());
    }
}
