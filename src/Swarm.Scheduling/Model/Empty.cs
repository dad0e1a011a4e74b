namespace Swarm.Scheduling.Model;

/// <summary>Shared empty instances, so that records with no labels cost no allocation.</summary>
internal static class Empty
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>();
}
