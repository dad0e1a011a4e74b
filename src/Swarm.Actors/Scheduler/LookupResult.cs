using System.Diagnostics.CodeAnalysis;

namespace Swarm.Actors.Scheduler;

/// <summary>Why <see cref="ContainerLookup"/> found no container.</summary>
public enum LookupError
{
    /// <summary>Nothing matches: HTTP 404, <c>No such container: &lt;text&gt;</c>.</summary>
    NotFound,

    /// <summary>More than one container matches at the first rule that matched anything: HTTP 400.</summary>
    Ambiguous,
}

/// <summary>
/// What <see cref="ContainerLookup"/> resolved: either <see cref="Found"/>, or an <see cref="Error"/> with the
/// Docker-style <see cref="Message"/> and the HTTP <see cref="StatusCode"/> the API answers with.
/// </summary>
/// <param name="StatusCode">200 when found; 404 when not found; 400 when ambiguous (as Docker answers an ambiguous ID prefix).</param>
public sealed record LookupResult(LookupEntry? Found, LookupError? Error, string Message, int StatusCode)
{
    public const int FoundStatus = 200;
    public const int NotFoundStatus = 404;
    public const int AmbiguousStatus = 400;

    [MemberNotNullWhen(true, nameof(Found))]
    public bool IsFound => Found is not null;

    public static LookupResult Of(LookupEntry entry) => new(entry, null, "", FoundStatus);

    public static LookupResult NotFound(string text) =>
        new(null, LookupError.NotFound, $"No such container: {text}", NotFoundStatus);

    /// <summary>Docker's own message for an ambiguous ID prefix.</summary>
    public static LookupResult AmbiguousPrefix(string text) =>
        new(null, LookupError.Ambiguous, $"Multiple IDs found with provided prefix: {text}", AmbiguousStatus);

    /// <summary>A full ID held by more than one container, e.g. a rescheduled container whose old copy came back.</summary>
    public static LookupResult AmbiguousId(string text) =>
        new(null, LookupError.Ambiguous, $"Multiple containers found with ID: {text}", AmbiguousStatus);

    /// <summary>
    /// A name held by several containers (same name on several nodes, e.g. made directly on the engines). Names the
    /// <c>node/name</c> forms that tell them apart, or, if the nodes cannot tell them apart, their IDs.
    /// </summary>
    public static LookupResult AmbiguousName(string text, IReadOnlyCollection<LookupEntry> matches)
    {
        var hints = matches.Select(m => NodeQualifier(m, matches) is { Length: > 0 } node ? $"{node}/{m.Name}" : "")
            .Order(StringComparer.Ordinal).ToList();
        string message = hints.All(h => h.Length > 0) && hints.Distinct(StringComparer.Ordinal).Count() == hints.Count
            ? $"Multiple containers named {text} on different nodes; use node/name ({string.Join(", ", hints)})"
            : $"Multiple containers named {text}; use the container ID ({string.Join(", ", matches.Select(IdOf).Order(StringComparer.Ordinal))})";
        return new(null, LookupError.Ambiguous, message, AmbiguousStatus);
    }

    // The node's name, unless another match sits on a different node of the same name: then the node's ID.
    private static string NodeQualifier(LookupEntry entry, IReadOnlyCollection<LookupEntry> matches) =>
        entry.NodeName.Length > 0 && !matches.Any(m => m.NodeName == entry.NodeName && m.NodeId != entry.NodeId)
            ? entry.NodeName
            : entry.NodeId;

    private static string IdOf(LookupEntry entry) => entry.SwarmId.Length > 0 ? entry.SwarmId : entry.EngineContainerId;
}
