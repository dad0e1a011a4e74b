using Swarm.Actors.Scheduler;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// The cluster's containers as the API shows them: each under its virtual ID (the swarm ID; the engine's ID for
/// containers made directly on an engine), named <c>/node/name</c> as classic did, <c>Host Down</c> when its node
/// is unhealthy.
/// </summary>
public static class ContainerListing
{
    public static string VirtualId(EngineContainer container) => container.SwarmId.Length > 0 ? container.SwarmId : container.Id;

    public static IEnumerable<LookupEntry> LookupEntries(IEnumerable<EngineSnapshot> engines) =>
        engines.SelectMany(engine => engine.Containers.Select(c => new LookupEntry(c.SwarmId, c.Id, c.Name, engine.Id, engine.Name)));

    /// <summary><c>GET /containers/json</c>: running containers of healthy nodes, or with <c>all</c> every container, newest first.</summary>
    public static IEnumerable<Dictionary<string, object?>> List(IEnumerable<EngineSnapshot> engines, bool all)
    {
        var entries =
            from engine in engines
            where engine.Health.Status is EngineStatus.Healthy or EngineStatus.Unhealthy
            from container in engine.Containers
            let healthy = engine.Health.Status == EngineStatus.Healthy
            where all || (healthy && container.State == ContainerState.Running)
            orderby container.Created descending
            select Entry(engine, container, healthy);
        return entries;
    }

    private static Dictionary<string, object?> Entry(EngineSnapshot engine, EngineContainer container, bool healthy) => new()
    {
        ["Id"] = VirtualId(container),
        ["Names"] = new[] { $"/{engine.Name}/{container.Name}" },
        ["Image"] = container.Image,
        ["ImageID"] = container.ImageId,
        ["Command"] = container.Command,
        ["Created"] = new DateTimeOffset(DateTime.SpecifyKind(container.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        ["State"] = container.State.ToString().ToLowerInvariant(),
        ["Status"] = healthy ? StatusText.Of(container) : "Host Down",
        ["Ports"] = container.PublishedPorts.Where(p => p.HostPort.Length > 0).Select(p => new Dictionary<string, object?>
        {
            ["IP"] = p.BindsAllInterfaces ? engine.Address.Split(':')[0] : p.HostIp,
            ["PrivatePort"] = int.Parse(p.ContainerPort.Split('/')[0]),
            ["PublicPort"] = int.TryParse(p.HostPort, out int port) ? port : 0,
            ["Type"] = p.ContainerPort.Contains('/') ? p.ContainerPort.Split('/')[1] : "tcp",
        }).ToArray(),
        ["Labels"] = container.Labels,
        ["SizeRw"] = 0,
        ["SizeRootFs"] = 0,
        ["HostConfig"] = new Dictionary<string, object?> { ["NetworkMode"] = container.NetworkMode },
        ["NetworkSettings"] = new Dictionary<string, object?> { ["Networks"] = new Dictionary<string, object?>() },
        ["Mounts"] = Array.Empty<object>(),
    };
}
