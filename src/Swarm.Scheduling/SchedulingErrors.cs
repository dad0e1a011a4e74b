namespace Swarm.Scheduling;

/// <summary>Classic Swarm's error texts, word for word: operators' scripts match on them.</summary>
public static class SchedulingErrors
{
    public const string NoHealthyNode = "No healthy node available in the cluster";
    /// <summary>Ours: classic had no paused or drained nodes.</summary>
    public const string NoAvailableNode = "No node available in the cluster: every node is paused or drained";

    public const string NoResources = "no resources available to schedule container";
    public const string UnsatisfiedConditionsPrefix = "Unable to find a node that satisfies the following conditions ";

    /// <summary>The prefix, then one <c>\n[a b c]</c> line per filter up to the failing one that has conditions.</summary>
    public static string UnsatisfiedConditions(IEnumerable<IReadOnlyList<string>> conditionsPerFilter) =>
        UnsatisfiedConditionsPrefix + string.Concat(conditionsPerFilter.Where(c => c.Count > 0).Select(c => "\n[" + string.Join(' ', c) + "]"));

    public static string NameConflict(string name) =>
        $"Conflict: The name {name} is already assigned. You have to delete (or rename) that container to be able to assign {name} to a container again.";
}
