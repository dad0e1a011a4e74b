using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Swarm.Shell;

/// <summary>The shard regions (engine actors, container actors), as Petabridge.Cmd's <c>cluster-sharding</c> commands show them.</summary>
public static class ShardingCommandGroup
{
    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("cluster-sharding regions", "", "the shard region types, with the shards and entities this manager holds", 0, 0, Regions),
        new("cluster-sharding region-stats", "<type>", "every manager's shards of a region type and their entity counts", 1, 1, RegionStats),
    ];

    private static async Task<int> Regions(ShellInvocation invocation)
    {
        var sharding = ClusterSharding.Get(invocation.Manager.System);
        await invocation.Output.Columns("type", "shards", "entities");
        foreach (string type in sharding.ShardTypeNames.Order(StringComparer.Ordinal))
        {
            var stats = await sharding.ShardRegion(type).Ask<ShardRegionStats>(GetShardRegionStats.Instance, ShellInvocation.AskTimeout);
            await invocation.Output.Row(type, stats.Stats.Count, stats.Stats.Values.Sum());
        }
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> RegionStats(ShellInvocation invocation)
    {
        var sharding = ClusterSharding.Get(invocation.Manager.System);
        string type = invocation.Arguments[0];
        if (!sharding.ShardTypeNames.Contains(type))
        {
            await invocation.Output.Error($"cluster-sharding region-stats: no region of type {type} (regions: {string.Join(", ", sharding.ShardTypeNames.Order(StringComparer.Ordinal))})");
            return ShellProtocol.Failed;
        }
        var stats = await sharding.ShardRegion(type).Ask<ClusterShardingStats>(new GetClusterShardingStats(ShellInvocation.AskTimeout), ShellInvocation.AskTimeout + TimeSpan.FromSeconds(1));
        await invocation.Output.Columns("address", "shard", "entities");
        foreach (var (address, region) in stats.Regions.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            foreach (var (shard, entities) in region.Stats.OrderBy(s => s.Key, StringComparer.Ordinal)) await invocation.Output.Row(address.ToString(), shard, entities);
        }
        return ShellProtocol.Succeeded;
    }
}
