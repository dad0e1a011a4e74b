using System.Text.Json;
using Docker.DotNet.Models;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Requests;
using Xunit.Abstractions;
using ContainerRequest = Swarm.Scheduling.Model.ContainerRequest;
using ContainerState = Swarm.Scheduling.Model.ContainerState;
using NodeAvailability = Swarm.Scheduling.Model.NodeAvailability;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>Every message that travels between managers survives the trip through the serializer Akka binds to it.</summary>
public sealed class SwarmMessageSerializerTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(SchedulerSerializer.Config + "\n" + SwarmMessageSerializer.Config, output)
{
    private static readonly string Id = new('a', 64);
    private static readonly ContainerRequest Request = new() { Name = "web", Image = "busybox", Env = ["A=1"], Labels = new Dictionary<string, string> { ["k"] = "v" }, Cpus = 1 };

    private static readonly EngineSnapshot Engine = EngineSnapshots.Healthy("node-1", containers:
    [
        new EngineContainer { Id = Id, Name = "web", State = ContainerState.Running, Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = Id } },
    ], labels: "region=eu") with
    {
        Images = [new ImagesListResponse { ID = "sha256:1", RepoTags = ["busybox:latest"] }],
        Networks = [new NetworkResponse { Name = "bridge", ID = "n1", Driver = "bridge", Scope = "local" }],
        Volumes = [new VolumeResponse { Name = "data", Driver = "local" }],
    };

    public static IEnumerable<object[]> Samples() => new object[]
    {
        new SchedulerCommands.PlaceContainer(Request, "{}"),
        new SchedulerCommands.Placed(Id, "node|addr", Request, 4, ""),
        new SchedulerCommands.Rejected(PlacementFailure.NameConflict, "Conflict"),
        new SchedulerCommands.PreviewPlacement(Request with { Name = "", Env = ["constraint:node==node-2"], Memory = 64 }),
        new SchedulerCommands.PlacementPreview("node|addr", Request),
        new SchedulerCommands.RecordCreated(Id, Id),
        new SchedulerCommands.SetDesiredState(Id, DesiredState.Running),
        new SchedulerCommands.RemoveContainer(Id),
        new SchedulerCommands.Recorded(Id),
        new SchedulerCommands.UnknownContainer(Id),
        new SchedulerCommands.EngineReport(Engine),
        SchedulerCommands.ReportEngines.Instance,
        new SchedulerCommands.EnginesReported("akka.tcp://swarm@127.0.0.1:4053", ["127.0.0.1:2375", "127.0.0.1:2376"]),
        SchedulerCommands.GetDigest.Instance,
        new SchedulerCommands.StateDigest("abc", 3, 7),
        SchedulerCommands.GetSummary.Instance,
        new SchedulerCommands.Summary(3, 1, 4, 1, 1, 2, 7, AwaitingEngines: false),
        new SchedulerCommands.GetContainer(Id),
        new ContainerRecord(Id, "web", "node|addr", Id, Request, "{}", ReschedulePolicy.OnNodeFailure, DesiredState.Stopped),
        new ContainerRecord(Id, "web", "node|addr", "", Request, "{}", ReschedulePolicy.OnNodeFailure, DesiredState.Running, new ContainerMove("old|addr", true, "left", RemoveLeft: true)),
        new SchedulerCommands.CompleteMove(Id),
        new SchedulerCommands.GlobalPlaced(Id),
        new SchedulerCommands.GetGlobal("agent"),
        new SchedulerCommands.GlobalContainer(new GlobalRecord(Id, "agent", Request, "{}", DesiredState.Running),
            [new ContainerRecord(Id, "agent", "node|addr", Id, Request, "{}", ReschedulePolicy.Off, DesiredState.Running)]),
        new SchedulerCommands.SetNodeAvailability("node|addr", NodeAvailability.Drain),
        new SchedulerCommands.NodeAvailabilitySet("node|addr", NodeAvailability.Pause),
        new SchedulerCommands.UnknownNode("node|addr"),
        SchedulerCommands.GetNodeAvailabilities.Instance,
        new SchedulerCommands.NodeAvailabilities(new Dictionary<string, NodeAvailability> { ["node|addr"] = NodeAvailability.Drain }),
        new ContainerCommands.Move(Id),
        new ContainerCommands.RemoveStaleCopy(Id, "node|addr", Id),
        new EngineEvents.EngineUnreachable("127.0.0.1:2375", "connection refused"),
        new EngineEvents.EngineConnected(Engine),
        new EngineEvents.EngineReconnected(Engine),
        new EngineEvents.EngineDisconnected(Engine),
        new EngineEvents.EngineHealthChanged(Engine.Id, Engine.Health),
        new EngineEvents.ContainerUpdated(Engine.Id, Engine.Containers[0]),
        new EngineEvents.ContainerRemoved(Engine.Id, Id),
        new ContainerCommands.Create(Id, Request, new CreateContainerParameters { Image = "busybox", Cmd = ["true"], HostConfig = new HostConfig { Memory = 1024 } }),
        new ContainerCommands.Created(Id, "node|addr", Id),
        new ContainerCommands.Operate(Id, ContainerOperation.Stop, 3),
        new ContainerCommands.Operate(Id, ContainerOperation.Remove, Force: true, RequestId: "0f3c"),
        new ContainerCommands.Done(Id),
        new ContainerCommands.Failed(Id, 404, "No such container"),
        new ContainerCommands.Verify(Id),
        new EngineCommands.CheckContainer(Id),
        EngineCommands.GetSnapshot.Instance,
        EngineCommands.RefreshNow.Instance,
        EngineCommands.Watch.Instance,
        new EngineCommands.CreateContainer(new CreateContainerParameters { Name = "web", Image = "busybox", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = Id } }, Id),
        new EngineCommands.OperateContainer(Id, ContainerOperation.Kill, Signal: "SIGHUP", Force: true),
        new EngineCommands.OperationDone(Id),
        new EngineCommands.WaitContainer(Id),
        new EngineCommands.Waited(Id, 137),
        new EngineCommands.OperationFailed(Id, 409, "Conflict", Unreachable: false),
        EngineCommands.Disconnect.Instance,
        Engine,
        new EngineShards.Envelope("127.0.0.1:2375", new EngineCommands.OperateContainer(Id, ContainerOperation.Stop, 5)),
        EngineDirectory.GetLocalEngines.Instance,
        new EngineDirectory.LocalEngineList("akka.tcp://swarm@127.0.0.1:4053", ["127.0.0.1:2375", "127.0.0.1:2376"]),
        new EngineDirectory.GetChangedEngines("5f1c", 42),
        new EngineDirectory.ChangedEngines("5f1c", 43, [Engine], [Engine.Address, "127.0.0.1:2376"], More: true),
    }.Select(sample => new[] { sample });

    [Theory]
    [MemberData(nameof(Samples))]
    public void Round_trips_through_the_serializer_bound_to_it(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<SwarmMessageSerializer>(serializer);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType()), JsonSerializer.Serialize(back, back.GetType()));
    }

    [Fact]
    public void An_envelope_keeps_the_type_of_the_message_it_carries()
    {
        var envelope = new EngineShards.Envelope("127.0.0.1:2375", new EngineCommands.CreateContainer(new CreateContainerParameters { Name = "web", Image = "busybox" }));
        var serializer = Sys.Serialization.FindSerializerFor(envelope);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, envelope);
        var back = Assert.IsType<EngineShards.Envelope>(Sys.Serialization.Deserialize(serializer.ToBinary(envelope), serializer.Identifier, manifest));
        var create = Assert.IsType<EngineCommands.CreateContainer>(back.Message);
        Assert.Equal(("127.0.0.1:2375", "web", "busybox"), (back.Address, create.Parameters.Name, create.Parameters.Image));
    }

    [Fact]
    public void Every_bound_message_type_has_a_sample_here()
    {
        Assert.Equal(
            SwarmMessageSerializer.MessageTypes.Select(t => t.FullName).Order(),
            Samples().Select(s => s[0].GetType().FullName).Distinct().Order());
    }
}
