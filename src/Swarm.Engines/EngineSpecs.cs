namespace Swarm.Engines;

/// <summary>What <c>docker info</c> and <c>docker version</c> say about an engine, as far as the cluster uses it.</summary>
/// <param name="DockerId">The daemon's own ID; clones of one machine share it, hence <see cref="EngineId"/>.</param>
/// <param name="Labels">The engine's <c>--label</c> entries as <c>docker info</c> lists them (<c>key=value</c>).</param>
/// <param name="EngineTime">The engine's own clock when it answered, for asking its events from then on.</param>
/// <param name="Architecture">The engine's machine (<c>x86_64</c>, <c>aarch64</c>), as <c>docker info</c> says it.</param>
public sealed record EngineSpecs(
    string DockerId,
    string Name,
    long Cpus,
    long Memory,
    IReadOnlyList<string> Labels,
    string StorageDriver,
    string KernelVersion,
    string OperatingSystem,
    string OSType,
    string ServerVersion,
    string ApiVersion,
    DateTimeOffset? EngineTime = null,
    string Architecture = "")
{
    /// <summary>Classic's engine ID: <c>dockerdID|address</c>, unique even across cloned machines.</summary>
    public static string EngineId(string dockerId, string address) => dockerId + "|" + address;
}
