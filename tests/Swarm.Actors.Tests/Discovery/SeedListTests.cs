namespace Swarm.Actors.Tests.Discovery;

/// <summary><c>swarm manage</c>'s seeds: the <c>--seed</c> flags, else <c>SWARM_SEEDS</c>.</summary>
public class SeedListTests
{
    [Fact]
    public void Flags_win_over_the_environment()
    {
        var seeds = SeedList.TryParse(["10.0.0.1:4053"], "10.0.0.2:4053,10.0.0.3:4053", out string? error);
        Assert.Null(error);
        Assert.Equal(["10.0.0.1:4053"], seeds);
    }

    [Fact]
    public void Without_flags_the_environment_gives_a_comma_separated_list()
    {
        var seeds = SeedList.TryParse([], " manager-0.swarm-managers:4053, manager-1.swarm-managers:4053,,[::1]:4053 ", out string? error);
        Assert.Null(error);
        Assert.Equal(["manager-0.swarm-managers:4053", "manager-1.swarm-managers:4053", "[::1]:4053"], seeds);
    }

    [Fact]
    public void Neither_flags_nor_environment_means_no_seeds()
    {
        Assert.Empty(SeedList.TryParse([], null, out _)!);
        Assert.Empty(SeedList.TryParse([], "", out _)!);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1:port")]
    [InlineData("10.0.0.1:70000")]
    [InlineData(":4053")]
    [InlineData("akka.tcp://swarm@10.0.0.1:4053")]
    public void An_entry_that_is_not_host_and_port_is_refused_with_what_was_expected(string entry)
    {
        Assert.Null(SeedList.TryParse([], "10.0.0.2:4053," + entry, out string? error));
        Assert.Equal($"invalid seed {entry}: expected host:port of another manager's cluster endpoint (its --cluster-host and --cluster-port)", error);
    }

    [Fact]
    public async Task Swarm_manage_refuses_a_bad_seed_from_the_environment_before_starting()
    {
        var (code, _, error) = await SwarmCli.RunWithEnvironment(new Dictionary<string, string> { [SeedList.EnvironmentVariable] = "manager-0" },
            "manage", "--store", Path.Combine(Path.GetTempPath(), $"swarm-unused-{Guid.NewGuid():N}.db"), "nodes://127.0.0.1:1");
        Assert.Equal(1, code);
        Assert.Contains("invalid seed manager-0: expected host:port", error);
    }
}
