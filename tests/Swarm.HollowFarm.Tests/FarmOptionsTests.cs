using Swarm.Engines.Hollow;

namespace Swarm.HollowFarm.Tests;

/// <summary>The command line of <c>hollow-farm</c>: where each engine listens and how it presents itself.</summary>
public sealed class FarmOptionsTests
{
    [Fact]
    public void By_default_engines_take_consecutive_loopback_ports_from_30001_with_the_hollow_engines_defaults()
    {
        var engines = Parse("--engines", "3");
        Assert.Equal(["127.0.0.1:30001", "127.0.0.1:30002", "127.0.0.1:30003"], engines.Select(e => e.Address));
        Assert.Equal(["hollow-1", "hollow-2", "hollow-3"], engines.Select(e => e.Name));
        var first = engines[0];
        Assert.Equal(("", 2L, 2L << 30, TimeSpan.Zero), (first.DockerId, first.Cpus, first.Memory, first.Latency));
        Assert.Equal(["busybox:latest"], first.Images);
        Assert.Empty(first.Labels);
    }

    [Fact]
    public void Every_flag_reaches_every_engine()
    {
        var engines = Parse("--engines=2", "--base-port", "40000", "--cpus", "16", "--memory", "512m", "--label", "region=eu", "--label", "disk=ssd",
            "--image", "busybox:latest", "--image", "nginx:1.25", "--docker-id", "CLONE", "--latency", "5ms");
        Assert.All(engines, engine =>
        {
            Assert.Equal(("CLONE", 16L, 512L << 20, TimeSpan.FromMilliseconds(5)), (engine.DockerId, engine.Cpus, engine.Memory, engine.Latency));
            Assert.Equal(["region=eu", "disk=ssd"], engine.Labels);
            Assert.Equal(["busybox:latest", "nginx:1.25"], engine.Images);
        });
        Assert.Equal("127.0.0.1:40001", engines[1].Address);
    }

    [Fact]
    public void Label_cycles_and_capacity_lists_are_taken_in_turn_by_the_engines()
    {
        var engines = Parse("--engines", "4", "--label", "rack=a", "--label-cycle", "region=us-east,eu-west,ap-south", "--cpus", "8,16", "--memory", "32g,64g,128g");
        Assert.Equal(["rack=a", "region=us-east"], engines[0].Labels);
        Assert.Equal(["region=eu-west", "region=ap-south", "region=us-east"], engines.Skip(1).Select(e => e.Labels[1]));
        Assert.Equal([8L, 16L, 8L, 16L], engines.Select(e => e.Cpus));
        Assert.Equal([32L << 30, 64L << 30, 128L << 30, 32L << 30], engines.Select(e => e.Memory));
    }

    [Fact]
    public void Addresses_are_consecutive_from_the_first_or_listed_all_on_one_port()
    {
        Assert.Equal(["127.0.1.254:2375", "127.0.1.255:2375", "127.0.2.0:2375"], Parse("--engines", "3", "--addresses", "127.0.1.254..").Select(e => e.Address));
        Assert.Equal(["10.0.0.7:4000", "10.0.0.3:4000"], Parse("--engines", "2", "--addresses", "10.0.0.7,10.0.0.3", "--port", "4000").Select(e => e.Address));
    }

    [Theory]
    [InlineData("--engines N is required, N at least 1")]
    [InlineData("--engines N is required, N at least 1", "--engines", "0")]
    [InlineData("--base-port should leave room for 3 ports below 65536", "--engines", "3", "--base-port", "65534")]
    [InlineData("--base-port and --addresses exclude each other", "--engines", "1", "--base-port", "3000", "--addresses", "127.0.1.1..")]
    [InlineData("--port goes with --addresses; use --base-port", "--engines", "1", "--port", "3000")]
    [InlineData("--addresses 127.0.1.1,127.0.1.1: expected FIRST.. or 2 distinct comma-separated IPv4 addresses", "--engines", "2", "--addresses", "127.0.1.1,127.0.1.1")]
    [InlineData("--addresses 255.255.255.255..: expected FIRST.. or 2 distinct comma-separated IPv4 addresses", "--engines", "2", "--addresses", "255.255.255.255..")]
    [InlineData("invalid label: novalue (expected key=value)", "--engines", "1", "--label", "novalue")]
    [InlineData("--memory should be a positive number of bytes (k, m, g, t suffixes allowed)", "--engines", "1", "--memory", "lots")]
    [InlineData("--memory should be a positive number of bytes (k, m, g, t suffixes allowed)", "--engines", "1", "--memory", "1g,")]
    [InlineData("--cpus should be a positive number (or a comma-separated list of them)", "--engines", "1", "--cpus", "4,0")]
    [InlineData("invalid label cycle: region= (expected key=value1,value2,...)", "--engines", "1", "--label-cycle", "region=")]
    [InlineData("invalid label cycle: region (expected key=value1,value2,...)", "--engines", "1", "--label-cycle", "region")]
    [InlineData("--latency should be a Go duration such as 5ms", "--engines", "1", "--latency", "5 ms")]
    [InlineData("flag provided but not defined: -bogus", "--engines", "1", "--bogus")]
    [InlineData("unexpected argument: extra", "--engines", "1", "extra")]
    public void Invalid_command_lines_are_refused_with_a_reason(string reason, params string[] args)
    {
        Assert.Null(FarmOptions.TryParse(args, out string? error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Help_asks_for_no_engines() => Assert.Empty(FarmOptions.TryParse(["--help"], out _)!);

    private static IReadOnlyList<HollowEngineOptions> Parse(params string[] args) =>
        FarmOptions.TryParse(args, out string? error) ?? throw new Xunit.Sdk.XunitException(error);
}
