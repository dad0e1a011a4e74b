using Swarm.Shell;

namespace Swarm.Actors.Tests.Shell;

/// <summary>How typed words find their command in the manager's palette.</summary>
public sealed class ShellPaletteTests
{
    [Fact]
    public void The_manager_palette_has_petabridges_names_and_ours()
    {
        Assert.Equal(
            [
                "actor hierarchy", "cluster down-unreachable", "cluster leader", "cluster leave", "cluster show", "cluster status", "cluster tail",
                "cluster-sharding region-stats", "cluster-sharding regions", "container where", "engine list", "engine show", "help", "journal stats",
                "log peek", "log tail", "node activate", "node drain", "node pause", "scheduler state",
            ],
            ShellPalette.Manager.Commands.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Words_find_the_longest_name_they_start_with_and_the_rest_are_arguments()
    {
        var (command, arguments) = ShellPalette.Manager.Find(["cluster-sharding", "region-stats", "engine"])!.Value;
        Assert.Equal("cluster-sharding region-stats", command.Name);
        Assert.Equal(["engine"], arguments);
        Assert.Null(ShellPalette.Manager.Find(["cluster"]));
        Assert.Null(ShellPalette.Manager.Find(["cluster", "shw"]));
    }

    [Fact]
    public void Two_commands_of_one_name_are_refused() =>
        Assert.Throws<ArgumentException>(() => new ShellPalette(ClusterCommandGroup.Commands.Concat(ClusterCommandGroup.Commands)));
}
