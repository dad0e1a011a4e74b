namespace Swarm.Scheduling.Model;

/// <summary>An image present on a node, as <c>GET /images/json</c> lists it.</summary>
public sealed record NodeImage(string Id, IReadOnlyList<string> RepoTags);
