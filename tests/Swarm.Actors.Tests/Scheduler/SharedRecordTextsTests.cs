using Docker.DotNet.Models;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>
/// The scheduler holds what thousands of records repeat once, and each ID as one instance with the engines' views:
/// the requests below are made of fresh copies of every text, as each arrives from its own JSON.
/// </summary>
public class SharedRecordTextsTests
{
    private static string Copy(string text) => new(text.AsSpan());

    private static SchedulerCommands.PlaceContainer Place(string name) => new(new ContainerRequest
    {
        Name = name,
        Image = Copy("busybox:latest"),
        Env = [Copy("PATH=/usr/local/bin:/usr/bin:/bin"), Copy("TIER=web")],
        Labels = new Dictionary<string, string> { [Copy("com.example.tier")] = Copy("web") },
        ExposedPorts = [Copy("80/tcp")],
        NetworkMode = Copy("default"),
    }, Copy("""{"Cmd":["sleep","3600"]}"""));

    private static (SchedulerState State, ContainerRecord First, ContainerRecord Second) TwoPlaced()
    {
        var state = new SchedulerState(SchedulerOptions.Default);
        state.ApplyEngine(EngineSnapshots.Healthy("node-1"));
        var first = state.Decide(Place("one")).ToRecord!;
        state.Apply(first);
        var second = state.Decide(Place("two")).ToRecord!;
        state.Apply(second);
        return (state, state.Find(first.SwarmId)!, state.Find(second.SwarmId)!);
    }

    [Fact]
    public void Records_of_equal_requests_hold_their_repeated_texts_once()
    {
        var (_, first, second) = TwoPlaced();

        Assert.Same(first.Request.Image, second.Request.Image);
        Assert.Same(first.Request.Env[0], second.Request.Env[0]);
        Assert.Same(first.Request.Env[1], second.Request.Env[1]);
        Assert.Same(first.Request.Labels.Keys.First(k => k == "com.example.tier"), second.Request.Labels.Keys.First(k => k == "com.example.tier"));
        Assert.Same(first.Request.Labels["com.example.tier"], second.Request.Labels["com.example.tier"]);
        Assert.Same(first.Request.ExposedPorts[0], second.Request.ExposedPorts[0]);
        Assert.Same(first.Request.NetworkMode, second.Request.NetworkMode);
        Assert.Same(first.CreateConfig, second.CreateConfig);
        Assert.Same(first.SwarmId, first.Request.Labels[SchedulingRequest.SwarmIdLabel]);
        Assert.NotEqual(first.SwarmId, second.SwarmId);
    }

    [Fact]
    public void A_created_container_s_ids_are_the_instances_its_engine_view_holds()
    {
        var (state, record, _) = TwoPlaced();
        string engineId = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        state.Apply(new SchedulerEvents.ContainerCreated(Copy(record.SwarmId), Copy(engineId)));
        var view = EngineContainer.FromInspect(new ContainerInspectResponse
        {
            ID = Copy(engineId),
            Name = "/one",
            Config = new Config { Image = "busybox:latest", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = Copy(record.SwarmId) } },
            State = new Docker.DotNet.Models.ContainerState { Status = "created" },
        });

        var created = state.Find(record.SwarmId)!;
        Assert.Same(created.EngineContainerId, view.Id);
        Assert.Same(created.SwarmId, view.SwarmId);
    }

    [Fact]
    public void Records_restored_from_a_snapshot_share_as_recorded_ones_do()
    {
        var (state, _, _) = TwoPlaced();
        var json = System.Text.Json.JsonSerializer.Serialize(state.ToSnapshot(), SchedulerSerializer.JsonOptions);
        var restored = new SchedulerState(SchedulerOptions.Default);
        restored.Restore(System.Text.Json.JsonSerializer.Deserialize<SchedulerSnapshot>(json, SchedulerSerializer.JsonOptions)!);

        var records = state.ToSnapshot().Containers.Select(r => restored.Find(r.SwarmId)!).ToList();
        Assert.Same(records[0].Request.Image, records[1].Request.Image);
        Assert.Same(records[0].CreateConfig, records[1].CreateConfig);
        Assert.Same(records[0].SwarmId, SharedIds.Of(Copy(records[0].SwarmId)));
        Assert.Equal(restored.Digest(), state.Digest());
    }

    [Fact]
    public void A_removed_container_s_ids_are_let_go()
    {
        var (state, record, _) = TwoPlaced();
        state.Apply(new SchedulerEvents.ContainerRemoved(record.SwarmId));

        string copy = Copy(record.SwarmId);
        Assert.Same(copy, SharedIds.Of(copy));
    }
}
