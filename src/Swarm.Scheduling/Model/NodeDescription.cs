namespace Swarm.Scheduling.Model;

/// <summary>
/// The slowly changing facts about one engine: identity, labels (standard ones such as
/// <c>storagedriver</c> already merged with the engine's own) and raw capacity before overcommit.
/// </summary>
/// <param name="Id">Engine ID, classic's <c>dockerdID|address</c> form.</param>
/// <param name="Name">The engine's hostname, e.g. <c>node-1</c>.</param>
public sealed record NodeDescription(
    string Id,
    string Name,
    string Address,
    IReadOnlyDictionary<string, string> Labels,
    long Cpus,
    long Memory);
