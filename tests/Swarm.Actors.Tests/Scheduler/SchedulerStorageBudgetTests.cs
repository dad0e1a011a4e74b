using Akka.Actor;
using Docker.DotNet.Models;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Requests;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>
/// Issue #8's storage budget: at most a kilobyte of scheduler state per container, for <c>docker run -d</c> as the
/// CLI sends it (a name, a constraint, a port, memory). A size check, not a timing one.
/// </summary>
public sealed class SchedulerStorageBudgetTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SchedulerSerializer.Config, output)
{
    private const int Budget = 1024;
    private const int Containers = 200;
    private const int Nodes = 10;


    [Fact]
    public void A_typical_containers_events_and_its_share_of_a_snapshot_take_at_most_a_kilobyte()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        var state = new SchedulerState(SchedulerOptions.Default);
        for (int node = 1; node <= Nodes; node++) state.ApplyEngine(Node(node));
        var random = new Random(8);
        var written = new Dictionary<string, List<int>>();
        for (int i = 0; i < Containers; i++)
        {
            foreach (var fact in Run(state, random, i))
            {
                state.Apply(fact);
                string manifest = serializer.Manifest(fact);
                if (!written.TryGetValue(manifest, out var sizes)) written[manifest] = sizes = [];
                sizes.Add(serializer.ToBinary(fact).Length);
                if (i == 0) Output!.WriteLine(System.Text.Encoding.UTF8.GetString(serializer.ToBinary(fact)));
            }
        }
        byte[] snapshot = serializer.ToBinary(state.ToSnapshot());
        double placed = written["ContainerPlaced.v2"].Average(), snapshotShare = snapshot.Length / (double)Containers;
        double events = written.Values.Sum(sizes => sizes.Sum()) / (double)Containers;
        foreach (var (manifest, sizes) in written) Output!.WriteLine($"{manifest}: {sizes.Average():N0} bytes");
        Output!.WriteLine($"events {events:N0} bytes per container; snapshot {snapshotShare:N0} bytes per container");

        Assert.True(placed <= Budget, $"ContainerPlaced: {placed:N0} bytes");
        Assert.True(snapshotShare <= Budget, $"snapshot: {snapshotShare:N0} bytes per container");
        // The journal keeps every event; the snapshot store only the newest snapshot.
        Assert.True(events + snapshotShare <= Budget, $"events and snapshot: {events + snapshotShare:N0} bytes per container");
    }

    // What the scheduler journals for `docker run -d --name web-N -e constraint:region==eu-west -p PORT:80 -m 64m busybox sleep 3600`.
    private static IEnumerable<SchedulerEvents.IEvent> Run(SchedulerState state, Random random, int i)
    {
        string name = $"web-{i}";
        var parameters = Newtonsoft.Json.JsonConvert.DeserializeObject<CreateContainerParameters>(DockerCliBodies.Typical.Replace("\"8080\"", $"\"{8080 + i}\"", StringComparison.Ordinal))!;
        parameters.Name = name;
        NodeScopedNetwork.Apply(parameters);
        // As the API and the container actor pass it on: the swarm ID chosen, as a label.
        string swarmId = SwarmIds.New(random, _ => false);
        var request = ContainerRoutes.PlacementView(parameters, name);
        request = request with { Labels = new Dictionary<string, string>(request.Labels) { [SchedulingRequest.SwarmIdLabel] = swarmId } };
        var outcome = state.Decide(new SchedulerCommands.PlaceContainer(request, CreateBody.Store(parameters)));
        var placed = outcome.ToRecord ?? throw new InvalidOperationException(outcome.Rejection?.Error);
        yield return placed;
        yield return new SchedulerEvents.ContainerCreated(swarmId, SwarmIds.New(random, _ => false));
        yield return new SchedulerEvents.DesiredStateChanged(swarmId, DesiredState.Running);
    }

    // A real daemon's ID is twelve groups of four (A2FF:9B8B:…): node IDs are that long.
    private static EngineSnapshot Node(int number)
    {
        var node = EngineSnapshots.Healthy($"node-{number}", cpus: 32, memory: 128 * EngineSnapshots.GiB, labels: "region=eu-west");
        string dockerId = string.Join(':', Enumerable.Range(0, 12).Select(group => (number * 7919 + group * 104729).ToString("X4")[^4..]));
        return node with { Id = EngineSpecs.EngineId(dockerId, node.Address), Specs = node.Specs! with { DockerId = dockerId } };
    }
}
