using Swarm.Engines.View;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// A record's texts as the scheduler holds them: its IDs one instance each, shared with the engines' views
/// (<see cref="SharedIds"/>), and what its request repeats from thousands of others (image, environment, label names
/// and values, ports, the create body) once (<see cref="SharedStrings"/>), its labels in a
/// <see cref="CompactLabels"/>. Applied where a request comes in (an
/// event, the snapshot), not at each change of a record.
/// </summary>
public static class SharedRecordTexts
{
    public static ContainerRecord Of(ContainerRecord record)
    {
        string swarmId = SharedIds.Of(record.SwarmId);
        return record with
        {
            SwarmId = swarmId,
            EngineContainerId = SharedIds.Of(record.EngineContainerId),
            Request = Of(record.Request, swarmId),
            CreateConfig = SharedStrings.Of(record.CreateConfig),
        };
    }

    public static GlobalRecord Of(GlobalRecord global)
    {
        string globalId = SharedIds.Of(global.GlobalId);
        return global with { GlobalId = globalId, Request = Of(global.Request, globalId), CreateConfig = SharedStrings.Of(global.CreateConfig) };
    }

    /// <param name="swarmId">The shared instance of the ID its swarm ID label holds.</param>
    public static ContainerRequest Of(ContainerRequest request, string swarmId) => request with
    {
        Image = SharedStrings.Of(request.Image),
        Env = Texts(request.Env),
        Labels = Labels(request.Labels, swarmId),
        ExposedPorts = Texts(request.ExposedPorts),
        PortBindings = [.. request.PortBindings.Select(b => new PortBinding(SharedStrings.Of(b.ContainerPort), SharedStrings.Of(b.HostIp), SharedStrings.Of(b.HostPort)))],
        NetworkMode = SharedStrings.Of(request.NetworkMode),
        Links = Texts(request.Links),
        VolumesFrom = Texts(request.VolumesFrom),
    };

    private static string[] Texts(IReadOnlyList<string> texts) => [.. texts.Select(SharedStrings.Of)];

    private static IReadOnlyDictionary<string, string> Labels(IReadOnlyDictionary<string, string> labels, string swarmId)
    {
        var shared = new KeyValuePair<string, string>[labels.Count];
        int i = 0;
        foreach (var (name, value) in labels)
        {
            shared[i++] = new(SharedStrings.Of(name), name switch
            {
                _ when value is null => value!,
                SchedulingRequest.SwarmIdLabel when value == swarmId => swarmId,
                SchedulingRequest.SwarmIdLabel or ContainerMode.GlobalIdLabel => SharedIds.Of(value),
                _ => SharedStrings.Of(value),
            });
        }
        return CompactLabels.Of(shared);
    }
}
