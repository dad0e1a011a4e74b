using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// A record's texts as the scheduler holds them: its IDs one instance each, shared with the engines' views
/// (<see cref="SharedIds"/>), and what its request repeats from thousands of others (image, environment, labels,
/// ports, the create body) once (<see cref="SharedStrings"/>, <see cref="SharedLabels"/>). Applied where a request
/// comes in (an event, the snapshot), not at each change of a record.
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
            Request = Of(record.Request),
            CreateConfig = SharedStrings.Of(record.CreateConfig),
        };
    }

    public static GlobalRecord Of(GlobalRecord global)
    {
        string globalId = SharedIds.Of(global.GlobalId);
        return global with { GlobalId = globalId, Request = Of(global.Request), CreateConfig = SharedStrings.Of(global.CreateConfig) };
    }

    public static ContainerRequest Of(ContainerRequest request) => request with
    {
        Image = SharedStrings.Of(request.Image),
        Env = Texts(request.Env),
        Labels = SharedLabels.Of(request.Labels),
        ExposedPorts = Texts(request.ExposedPorts),
        PortBindings = [.. request.PortBindings.Select(b => new PortBinding(SharedStrings.Of(b.ContainerPort), SharedStrings.Of(b.HostIp), SharedStrings.Of(b.HostPort)))],
        NetworkMode = SharedStrings.Of(request.NetworkMode),
        Links = Texts(request.Links),
        VolumesFrom = Texts(request.VolumesFrom),
    };

    private static string[] Texts(IReadOnlyList<string> texts) => [.. texts.Select(SharedStrings.Of)];
}
