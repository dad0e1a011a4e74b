namespace Swarm.Engines.Hollow;

/// <summary>How a simulated engine presents itself. Its labels always include <c>hollow=true</c>.</summary>
public sealed record HollowEngineOptions
{
    public required string Address { get; init; }
    public required string Name { get; init; }

    /// <summary>The daemon ID <c>docker info</c> reports; give two engines the same one to simulate cloned machines.</summary>
    public string DockerId { get; init; } = "";

    public long Cpus { get; init; } = 2;
    public long Memory { get; init; } = 2L << 30;
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Images present from the start (repo:tag).</summary>
    public IReadOnlyList<string> Images { get; init; } = ["busybox:latest"];

    /// <summary>Added to every call, to mimic a slow engine.</summary>
    public TimeSpan Latency { get; init; }
}
