using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Engines.View;

/// <summary>
/// Labels as engine views and scheduler records hold them: names and repeated values once (<see cref="SharedStrings"/>),
/// swarm and global IDs as the one instance <see cref="SharedIds"/> keeps, in a <see cref="CompactLabels"/>.
/// </summary>
public static class SharedLabels
{
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<KeyValuePair<string, string>> labels) =>
        CompactLabels.Of([.. labels.Select(label => new KeyValuePair<string, string>(SharedStrings.Of(label.Key), Value(label.Key, label.Value)))]);

    private static string Value(string name, string value) => name switch
    {
        // A stored request holds null for an ID its record holds anyway (IdLabels).
        _ when value is null => value!,
        SchedulingRequest.SwarmIdLabel or ContainerMode.GlobalIdLabel => SharedIds.Of(value),
        _ => SharedStrings.Of(value),
    };
}
