using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.Requests;

/// <summary>
/// How many of a container run: one (the default), or one on every eligible node (<c>-e mode:global</c> or the
/// label <c>com.docker.swarm.mode=global</c>), the global scheduling classic Swarm planned and never built.
/// </summary>
public static class ContainerMode
{
    public const string LabelName = ExpressionFamily.LabelNamespace + ".mode";
    public const string Global = "global";
    public const string Default = "default";

    /// <summary>The label that marks each instance of a global container with the global container's swarm ID.</summary>
    public const string GlobalIdLabel = ExpressionFamily.LabelNamespace + ".global-id";

    /// <summary>
    /// The request with its mode as a label (a <c>mode:</c> env entry taken out, as other hints are), whether it is
    /// global; null and an error for an unknown mode or two different ones.
    /// </summary>
    public static ContainerRequest? TryRead(ContainerRequest request, out bool global, out string? error)
    {
        global = false;
        error = null;
        var modes = request.Env.Where(IsModeEntry).Select(e => e["mode:".Length..]).ToList();
        if (request.Labels.TryGetValue(LabelName, out string? labelled)) modes.Add(labelled);
        var distinct = modes.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            error = $"conflicting modes: {string.Join(", ", distinct)}";
            return null;
        }
        if (distinct.Count == 0) return request;
        if (distinct[0] is not (Global or Default))
        {
            error = $"invalid mode: {distinct[0]} (global or default)";
            return null;
        }
        global = distinct[0] == Global;
        var labels = new Dictionary<string, string>(request.Labels) { [LabelName] = distinct[0] };
        return request with { Env = [.. request.Env.Where(e => !IsModeEntry(e))], Labels = labels };
    }

    /// <summary>The global container an instance belongs to, or empty for any other container.</summary>
    public static string GlobalIdOf(ContainerRequest request) => request.Labels.GetValueOrDefault(GlobalIdLabel) ?? "";

    private static bool IsModeEntry(string entry) => entry.StartsWith("mode:", StringComparison.Ordinal);
}
