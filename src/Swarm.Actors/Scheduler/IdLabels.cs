using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// The labels of a stored request that repeat an ID its event or record holds anyway (its swarm ID, its global
/// container's ID): stored as null in their place (a label's value is never null), so each costs its name only
/// and the labels keep their order.
/// </summary>
public static class IdLabels
{
    /// <summary>The request as stored: each label whose value is the given ID holds null.</summary>
    public static ContainerRequest Fold(ContainerRequest request, params (string Label, string Id)[] ids)
    {
        if (!ids.Any(id => request.Labels.TryGetValue(id.Label, out string? value) && value == id.Id)) return request;
        var labels = request.Labels.ToDictionary(
            label => label.Key,
            label => ids.Any(id => id.Label == label.Key && id.Id == label.Value) ? null! : label.Value,
            StringComparer.Ordinal);
        return request with { Labels = labels };
    }

    /// <summary>The request as it was: each label holding null gets its ID back.</summary>
    public static ContainerRequest Unfold(ContainerRequest request, params (string Label, string Id)[] ids)
    {
        // Values read from JSON can be null whatever their declared type.
        if (!request.Labels.Values.Any(value => (string?)value is null)) return request;
        var labels = request.Labels.ToDictionary(
            label => label.Key,
            label => (string?)label.Value ?? ids.FirstOrDefault(id => id.Label == label.Key).Id ?? throw new System.Text.Json.JsonException($"label {label.Key} holds no value"),
            StringComparer.Ordinal);
        return request with { Labels = labels };
    }
}
