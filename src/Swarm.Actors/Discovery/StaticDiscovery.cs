namespace Swarm.Actors.Discovery;

/// <summary><c>nodes://a:2375,b:2375</c> or the bare list: fixed entries.</summary>
public sealed class StaticDiscovery(IReadOnlyList<string> entries) : IDiscovery
{
    public static StaticDiscovery Parse(string list) =>
        new([.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(DiscoveryEntries.Expand)]);

    public Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(entries);
}
