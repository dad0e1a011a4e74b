using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>Every type the scheduler journals survives a round trip through the serializer Akka picks for it.</summary>
public sealed class SchedulerSerializerTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config, output)
{
    private static readonly ContainerRequest Request = new()
    {
        Name = "web",
        Image = "nginx:1.25",
        Env = ["PATH=/usr/bin"],
        Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = new('a', 64), ["com.docker.swarm.constraints"] = "[\"region==eu\"]" },
        ExposedPorts = ["80/tcp"],
        PortBindings = [new PortBinding("80/tcp", "0.0.0.0", "8080")],
        NetworkMode = "bridge",
        Links = ["db:db"],
        VolumesFrom = ["data:ro"],
        Cpus = 1,
        Memory = 64L << 20,
    };

    private static readonly string TypicalCreateConfig = CreateBody.Store(Newtonsoft.Json.JsonConvert.DeserializeObject<Docker.DotNet.Models.CreateContainerParameters>(DockerCliBodies.Typical)!);

    public static TheoryData<object> Persisted => new()
    {
        new SchedulerEvents.ContainerPlaced(new string('a', 64), "ID|10.0.0.1:2375", Request, "{\"Image\":\"nginx:1.25\"}", ReschedulePolicy.OnNodeFailure),
        new SchedulerEvents.ContainerPlaced(new string('a', 64), "ID|10.0.0.1:2375", Request, TypicalCreateConfig, ReschedulePolicy.Off),
        // Adopted from its engine: no create body. And requests whose swarm ID label is missing, or another ID.
        new SchedulerEvents.ContainerPlaced(new string('a', 64), "ID|10.0.0.1:2375", new ContainerRequest { Name = "adopted" }, "", ReschedulePolicy.Off),
        new SchedulerEvents.ContainerPlaced(new string('b', 64), "ID|10.0.0.1:2375", Request, "{}", ReschedulePolicy.Off),
        new SchedulerEvents.ContainerCreated(new string('a', 64), new string('b', 64)),
        new SchedulerEvents.DesiredStateChanged(new string('a', 64), DesiredState.Stopped),
        new SchedulerEvents.ContainerRemoved(new string('a', 64)),
        new SchedulerEvents.ContainerRenamed(new string('a', 64), "web-2"),
        new SchedulerEvents.ContainerRescheduled(new string('a', 64), "ID|10.0.0.1:2375", "ID|10.0.0.2:2375", Request, Start: true),
        new SchedulerEvents.RescheduleCompleted(new string('a', 64)),
        new SchedulerEvents.ContainerRescheduled(new string('a', 64), "ID|10.0.0.1:2375", "ID|10.0.0.2:2375", Request, Start: false, RemoveLeft: true),
        new SchedulerEvents.NodeAvailabilityChanged("ID|10.0.0.1:2375", NodeAvailability.Drain),
        new SchedulerEvents.GlobalContainerCreated(new string('f', 64), Request, "{\"Image\":\"busybox\"}"),
        new SchedulerEvents.GlobalInstancePlaced(new string('a', 64), new string('f', 64), "ID|10.0.0.1:2375", Request, Start: true),
        new SchedulerSnapshot([
            new ContainerRecord(new string('a', 64), "web", "ID|10.0.0.1:2375", new string('b', 64), Request, "{}", ReschedulePolicy.Off, DesiredState.Running),
            new ContainerRecord(new string('c', 64), "", "ID|10.0.0.2:2375", "", new ContainerRequest(), "", ReschedulePolicy.OnNodeFailure, DesiredState.Created),
            new ContainerRecord(new string('d', 64), "moving", "ID|10.0.0.2:2375", "", Request, "{}", ReschedulePolicy.OnNodeFailure, DesiredState.Running, new ContainerMove("ID|10.0.0.1:2375", true, new string('e', 64), RemoveLeft: true)),
        ], new Dictionary<string, NodeAvailability> { ["ID|10.0.0.1:2375"] = NodeAvailability.Pause },
        [new GlobalRecord(new string('f', 64), "agent", Request, "{}", DesiredState.Running)]),
    };

    [Theory]
    [MemberData(nameof(Persisted))]
    public void Round_trips_through_the_serializer_bound_to_it(object persisted)
    {
        var serializer = Sys.Serialization.FindSerializerFor(persisted);
        Assert.IsType<SchedulerSerializer>(serializer);
        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, persisted);
        var back = Sys.Serialization.Deserialize(serializer.ToBinary(persisted), serializer.Identifier, manifest);

        Assert.Equal(persisted.GetType(), back.GetType());
        // Records holding collections compare by reference, so compare their full JSON instead.
        Assert.Equal(JsonSerializer.Serialize(persisted, persisted.GetType()), JsonSerializer.Serialize(back, back.GetType()));
    }

    [Fact]
    public void Manifests_are_stable_names_not_clr_types()
    {
        Assert.Equal(
            ["ContainerCreated.v1", "ContainerPlaced.v2", "ContainerRemoved.v1", "ContainerRenamed.v1", "ContainerRescheduled.v2", "DesiredStateChanged.v1", "GlobalContainerCreated.v2", "GlobalInstancePlaced.v2", "NodeAvailabilityChanged.v1", "RescheduleCompleted.v1", "SchedulerSnapshot.v2"],
            SchedulerSerializer.Manifests.Values.Order());
        // Shapes written before stay readable.
        Assert.Superset(
            new HashSet<string> { "ContainerPlaced.v1", "ContainerRescheduled.v1", "GlobalContainerCreated.v1", "GlobalInstancePlaced.v1", "SchedulerSnapshot.v1" },
            SchedulerSerializer.ReadManifests.ToHashSet());
        Assert.Equal(7451, SchedulerSerializer.SerializerId);
    }

    [Fact]
    public void A_placement_is_written_as_nested_json_without_defaults_and_with_its_swarm_id_once()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        string json = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new SchedulerEvents.ContainerPlaced(new string('a', 64), "ID|10.0.0.1:2375", Request, TypicalCreateConfig, ReschedulePolicy.Off)));
        Output!.WriteLine(json);
        Assert.Contains("\"CreateConfig\":{\"$defaults\":", json);
        Assert.Contains("\"com.docker.swarm.id\":null", json);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, new string('a', 64)));
        Assert.DoesNotContain("ReschedulePolicy", json);
        Assert.DoesNotContain("BindsAllInterfaces", json);
        Assert.DoesNotContain("\\u0022", json);
    }

    public static TheoryData<string, string> WrittenBefore => new()
    {
        // Written by this serializer before the .v2 shapes, at commit 9d11a7d.
        { "ContainerPlaced.v1", "ContainerPlaced.v1.json" },
        // Written by a manager in the scale benchmark (docker run bodies of a script), at commit 9d11a7d.
        { "ContainerPlaced.v1", "ContainerPlaced.v1.scale-benchmark.json" },
        { "ContainerRescheduled.v1", "ContainerRescheduled.v1.json" },
        { "GlobalContainerCreated.v1", "GlobalContainerCreated.v1.json" },
        { "GlobalInstancePlaced.v1", "GlobalInstancePlaced.v1.json" },
        { "SchedulerSnapshot.v1", "SchedulerSnapshot.v1.json" },
    };

    [Theory]
    [MemberData(nameof(WrittenBefore))]
    public void What_was_written_before_reads_as_it_was_with_create_bodies_kept_as_now(string manifest, string file)
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        byte[] written = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Scheduler", "WrittenBefore", file));
        var read = serializer.FromBinary(written, manifest);

        var asWritten = JsonNode.Parse(written)!;
        var asRead = JsonSerializer.SerializeToNode(read, read.GetType(), SchedulerSerializer.JsonOptions)!;
        var bodiesWritten = TakeCreateConfigs(asWritten);
        var bodiesRead = TakeCreateConfigs(asRead);
        Assert.True(JsonNode.DeepEquals(asWritten, asRead), $"written: {asWritten.ToJsonString()}\nread:    {asRead.ToJsonString()}");
        Assert.Equal(bodiesWritten.Count, bodiesRead.Count);
        foreach (var (before, now) in bodiesWritten.Zip(bodiesRead))
        {
            if (before.Length > 0) Assert.True(now.Length < before.Length / 4, $"{now.Length} bytes kept of {before.Length}: {now}");
            Assert.Equal(ForAnyEngine(before), ForAnyEngine(now));
        }

        // Written again, in the shape of now, it reads the same.
        string newManifest = serializer.Manifest(read);
        Assert.NotEqual(manifest, newManifest);
        var again = serializer.FromBinary(serializer.ToBinary(read), newManifest);
        Assert.Equal(JsonSerializer.Serialize(read, read.GetType()), JsonSerializer.Serialize(again, again.GetType()));
    }

    [Fact]
    public void A_snapshot_written_before_moves_existed_reads_as_records_without_a_move()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        const string old = """{"Containers":[{"SwarmId":"s","Name":"web","NodeId":"n","EngineContainerId":"e","Request":{},"CreateConfig":"{}","ReschedulePolicy":"Off","DesiredState":"Running"}]}""";
        var snapshot = (SchedulerSnapshot)serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(old), "SchedulerSnapshot.v1");
        Assert.Null(Assert.Single(snapshot.Containers).Move);
        Assert.Equal("e", snapshot.Containers[0].EngineContainerId);
    }

    [Fact]
    public void A_large_snapshot_is_compressed_as_it_is_written_and_reads_back_whole()
    {
        // Thousands of records: the JSON passes through the compressor in many pieces, not one.
        var snapshot = new SchedulerSnapshot(
            [.. Enumerable.Range(0, 5_000).Select(i => new ContainerRecord(
                i.ToString("x64"), $"web-{i}", $"ID|10.0.0.{i % 200}:2375", (i + 1).ToString("x64"),
                Request with { Name = $"web-{i}", Labels = new Dictionary<string, string>(Request.Labels) { ["com.docker.swarm.id"] = i.ToString("x64") } },
                TypicalCreateConfig, ReschedulePolicy.Off, DesiredState.Running))],
            new Dictionary<string, NodeAvailability>(), []);
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);

        byte[] stored = serializer.ToBinary(snapshot);
        var back = (SchedulerSnapshot)serializer.FromBinary(stored, "SchedulerSnapshot.v2");

        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize(back));
        Assert.True(stored.Length < JsonSerializer.SerializeToUtf8Bytes(snapshot).Length / 10, $"{stored.Length:N0} bytes stored");
    }

    [Fact]
    public void A_snapshot_compressed_whole_as_before_still_reads()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        var snapshot = ((IEnumerable<object[]>)Persisted).Select(row => row[0]).OfType<SchedulerSnapshot>().Single();
        // How SchedulerSnapshot.v2 was written until December 2026: the JSON whole, then one Brotli call (quality 5, window 22).
        byte[] json = Decompressed(serializer.ToBinary(snapshot));
        var whole = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(json.Length)];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(json, whole, out int length, 5, 22));

        var back = serializer.FromBinary(whole[..length], "SchedulerSnapshot.v2");

        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize(back, back.GetType()));
    }

    private static byte[] Decompressed(byte[] compressed)
    {
        using var json = Swarm.Actors.Scheduler.Brotli.Decompress(compressed);
        using var copy = new MemoryStream();
        json.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void An_unknown_manifest_is_refused_not_guessed()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "ContainerPlaced.v9"));
    }

    [Fact]
    public void Enums_are_written_by_name_so_reordering_them_cannot_change_old_events()
    {
        var serializer = new SchedulerSerializer((ExtendedActorSystem)Sys);
        string json = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new SchedulerEvents.DesiredStateChanged("x", DesiredState.Stopped)));
        Assert.Contains("\"Stopped\"", json);
    }

    // Removes every CreateConfig from the JSON, and answers them in order: a string (as written before) or nested JSON.
    private static List<string> TakeCreateConfigs(JsonNode node)
    {
        var taken = new List<string>();
        if (node is JsonObject container)
        {
            if (container.Remove("CreateConfig", out var body))
            {
                taken.Add(body switch
                {
                    null => "",
                    JsonValue text => text.GetValue<string>(),
                    _ => body.ToJsonString(),
                });
            }
            foreach (var (_, value) in container.ToList()) if (value is not null) taken.AddRange(TakeCreateConfigs(value));
        }
        else if (node is JsonArray items)
        {
            foreach (var item in items) if (item is not null) taken.AddRange(TakeCreateConfigs(item));
        }
        return taken;
    }

    // The request's parts are the same either way: what the engine gets differs only if the rest of the body does.
    private static string ForAnyEngine(string createConfig) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(CreateBody.ForEngine(CreateBody.Read(createConfig), new ContainerRequest(), nodeCpus: 8));
}
