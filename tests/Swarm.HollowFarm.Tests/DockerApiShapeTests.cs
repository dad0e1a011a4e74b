using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Swarm.HollowFarm.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.HollowFarm.Tests;

/// <summary>The wire itself: dockerd 20.10's headers, JSON names and types, status codes, streams and frames.</summary>
public sealed class DockerApiShapeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private FarmProcess farm = null!;

    public async Task InitializeAsync()
    {
        farm = await FarmProcess.OnLoopback(1);
        http.BaseAddress = new Uri($"http://{farm.Addresses[0]}");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        output.WriteLine(farm.Log);
        await farm.DisposeAsync();
    }

    [Theory]
    [InlineData("/_ping")]
    [InlineData("/v1.41/_ping")]
    [InlineData("/v1.24/_ping")]
    public async Task Every_answer_carries_dockerds_headers_with_or_without_a_version_prefix(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var answer = await http.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("1.41", Header(answer, "API-Version"));
            Assert.Equal("linux", Header(answer, "OSType"));
            Assert.Equal("false", Header(answer, "Docker-Experimental"));
            Assert.Equal("Docker/20.10.24-hollow (linux)", Header(answer, "Server"));
        }
        Assert.Equal("OK", await http.GetStringAsync(path));
    }

    [Fact]
    public async Task Versions_out_of_range_and_unknown_routes_are_answered_as_dockerd_does()
    {
        await AssertError(await http.GetAsync("/v1.42/info"), HttpStatusCode.BadRequest, "client version 1.42 is too new. Maximum supported API version is 1.41");
        await AssertError(await http.GetAsync("/v1.11/info"), HttpStatusCode.BadRequest,
            "client version 1.11 is too old. Minimum supported API version is 1.12, please upgrade your client to a newer version");
        await AssertError(await http.GetAsync("/no/such/route"), HttpStatusCode.NotFound, "page not found");
        await AssertError(await http.GetAsync("/containers/nothing/json"), HttpStatusCode.NotFound, "No such container: nothing");
        await AssertError(await http.GetAsync("/images/nothing/json"), HttpStatusCode.NotFound, "No such image: nothing");
        await AssertError(await http.PostAsync("/containers/create", Json("{")), HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task Containers_are_listed_with_created_as_unix_seconds_and_inspected_with_rfc3339()
    {
        string id = await Create("shape", """{"Image":"busybox","Cmd":["sleep","1"],"Labels":{"a":"b"},"HostConfig":{"NetworkMode":"host","RestartPolicy":{"Name":"always"}}}""");
        Assert.Equal("[]", await http.GetStringAsync("/containers/json"));
        using var listed = JsonDocument.Parse(await http.GetStringAsync("/containers/json?all=1"));
        var entry = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal(
            ["Id", "Names", "Image", "ImageID", "Command", "Created", "Ports", "Labels", "State", "Status", "HostConfig", "NetworkSettings", "Mounts"],
            entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, entry.GetProperty("Created").ValueKind);
        Assert.InRange(entry.GetProperty("Created").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(("/shape", "created", "Created", "sleep 1"),
            (entry.GetProperty("Names")[0].GetString(), entry.GetProperty("State").GetString(), entry.GetProperty("Status").GetString(), entry.GetProperty("Command").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/v1.41/containers/{id}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await http.PostAsync($"/v1.41/containers/{id}/start", null)).StatusCode);
        using var inspected = JsonDocument.Parse(await http.GetStringAsync($"/containers/{id[..6]}/json"));
        var container = inspected.RootElement;
        Assert.Equal(JsonValueKind.String, container.GetProperty("Created").ValueKind);
        Assert.True(DateTimeOffset.TryParse(container.GetProperty("Created").GetString(), out _));
        Assert.Equal("host", container.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        Assert.Equal("always", container.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
        // Go writes every field and never a null string.
        Assert.Equal("", container.GetProperty("State").GetProperty("Error").GetString());
        Assert.Equal(0, container.GetProperty("State").GetProperty("ExitCode").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/containers/{id}/stop?t=0", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await http.PostAsync($"/containers/{id}/stop", null)).StatusCode);
        Assert.Equal("""{"Error":null,"StatusCode":0}""", await (await http.PostAsync($"/containers/{id}/wait", null)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/containers/shape?force=1&v=1")).StatusCode);
    }

    [Fact]
    public async Task Logs_come_in_dockerds_multiplexed_frames_unless_the_container_has_a_tty()
    {
        await Create("framed", """{"Image":"busybox","Cmd":["top"]}""");
        var frames = await http.GetByteArrayAsync("/containers/framed/logs?stdout=1&stderr=1");
        var streams = new List<(int Stream, string Text)>();
        for (int at = 0; at < frames.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(at + 4, 4));
            Assert.Equal([0, 0, 0], frames[(at + 1)..(at + 4)]);
            streams.Add((frames[at], Encoding.UTF8.GetString(frames, at + 8, length)));
            at += 8 + length;
        }
        Assert.Equal([1, 2], streams.Select(s => s.Stream));
        Assert.Equal("hollow engine hollow-1: container framed (top) is simulated\n", streams[0].Text);
        Assert.Equal(1, (await http.GetByteArrayAsync("/containers/framed/logs?stdout=1"))[0]);
        await AssertError(await http.GetAsync("/containers/framed/logs"), HttpStatusCode.BadRequest, "Bad parameters: you must choose at least one stream");

        await Create("raw", """{"Image":"busybox","Tty":true}""");
        Assert.Equal("hollow engine hollow-1: container raw (sh) is simulated\n", await http.GetStringAsync("/containers/raw/logs?stdout=1"));
    }

    [Fact]
    public async Task Pulling_a_held_image_streams_dockerds_up_to_date_progress()
    {
        var pull = await http.PostAsync("/images/create?fromImage=docker.io/library/busybox&tag=latest", null);
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        var lines = (await pull.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("status").GetString());
        Assert.Equal(["Pulling from library/busybox", $"Digest: {await ImageId()}", "Status: Image is up to date for busybox:latest"], lines);
        await AssertError(await http.PostAsync("/images/create?fromImage=nginx&tag=1.25", null), HttpStatusCode.NotFound, null);

        using var inspected = JsonDocument.Parse(await http.GetStringAsync("/images/library/busybox/json"));
        Assert.Equal(["busybox:latest"], inspected.RootElement.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.String, inspected.RootElement.GetProperty("Created").ValueKind);
        string shortId = (await ImageId())["sha256:".Length..][..12];
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/images/{shortId}/json")).StatusCode);
    }

    [Fact]
    public async Task Events_stream_as_json_lines_and_since_replays_what_the_engine_remembers()
    {
        string before = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1}";
        string id = await Create("evented", """{"Image":"busybox"}""");
        using var events = await http.GetAsync($"/events?since={before}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/json", events.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        using var replayed = JsonDocument.Parse((await reader.ReadLineAsync())!);
        Assert.Equal(("container", "create", id), (replayed.RootElement.GetProperty("Type").GetString(), replayed.RootElement.GetProperty("Action").GetString(), replayed.RootElement.GetProperty("id").GetString()));
        Assert.True(replayed.RootElement.GetProperty("timeNano").GetInt64() > 0);

        await http.PostAsync($"/containers/{id}/start", null);
        using var live = JsonDocument.Parse((await reader.ReadLineAsync())!);
        Assert.Equal("start", live.RootElement.GetProperty("Action").GetString());
        Assert.Equal("evented", live.RootElement.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Info_counts_containers_by_state_and_labels_the_engine_hollow()
    {
        string running = await Create("one", """{"Image":"busybox"}""");
        await Create("two", """{"Image":"busybox"}""");
        await http.PostAsync($"/containers/{running}/start", null);
        using var info = JsonDocument.Parse(await http.GetStringAsync("/info"));
        var root = info.RootElement;
        Assert.Equal((2, 1, 0, 1, 1), (root.GetProperty("Containers").GetInt32(), root.GetProperty("ContainersRunning").GetInt32(),
            root.GetProperty("ContainersPaused").GetInt32(), root.GetProperty("ContainersStopped").GetInt32(), root.GetProperty("Images").GetInt32()));
        Assert.Contains("hollow=true", root.GetProperty("Labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(("linux", "hollow", "20.10.24-hollow"), (root.GetProperty("OSType").GetString(), root.GetProperty("Driver").GetString(), root.GetProperty("ServerVersion").GetString()));
        Assert.StartsWith("Hollow engine", root.GetProperty("OperatingSystem").GetString());
    }

    private async Task<string> Create(string name, string body)
    {
        var answer = await http.PostAsync($"/v1.41/containers/create?name={name}", Json(body));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        using var created = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(0, created.RootElement.GetProperty("Warnings").GetArrayLength());
        return created.RootElement.GetProperty("Id").GetString()!;
    }

    private async Task<string> ImageId()
    {
        using var images = JsonDocument.Parse(await http.GetStringAsync("/images/json"));
        var image = Assert.Single(images.RootElement.EnumerateArray());
        Assert.Equal(JsonValueKind.Number, image.GetProperty("Created").ValueKind);
        return image.GetProperty("Id").GetString()!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // As sent: the parsed view would split Server into product tokens.
    private static string Header(HttpResponseMessage answer, string name) =>
        answer.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : "";

    private static async Task AssertError(HttpResponseMessage answer, HttpStatusCode status, string? message)
    {
        Assert.Equal(status, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.ToString());
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        string actual = body.RootElement.GetProperty("message").GetString()!;
        if (message is not null) Assert.Equal(message, actual);
    }
}
