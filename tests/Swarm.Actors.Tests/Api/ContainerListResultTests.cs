using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

/// <summary>
/// <c>GET /containers/json</c> written from cached entry JSON: byte for byte what serialising each entry's fields
/// gives, the status text of the moment, and a node's name, address or health change reflected at once.
/// </summary>
public class ContainerListResultTests
{
    private static EngineContainer Container(string id, ContainerState state, string startedAt = "") => new()
    {
        Id = id,
        Name = "c-" + id,
        Image = "busybox",
        Command = "sleep \"600\"",
        Created = DateTime.UtcNow.AddMinutes(-3),
        State = state,
        StartedAt = startedAt,
        Labels = new Dictionary<string, string> { ["Status"] = "", ["quote"] = "\"Status\":\"\"" },
        PublishedPorts = [new PortBinding("80/tcp", "0.0.0.0", "8080")],
        NetworkMode = "default",
    };

    private static async Task<JsonElement> Written(params (EngineSnapshot, EngineContainer, bool)[] listed)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        // Listed as the route lists: each with its position among the containers it was chosen from.
        var newestFirst = listed.Select(l => (l.Item1, l.Item2)).ToArray();
        await new ContainerListResult(listed.Select((l, position) => (l.Item1, l.Item2, l.Item3, position)), newestFirst).ExecuteAsync(context);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal(body.Length, context.Response.ContentLength);
        return JsonDocument.Parse(body.ToArray()).RootElement;
    }

    [Fact]
    public async Task The_cached_answer_is_what_serialising_each_entry_gives()
    {
        var node = EngineSnapshots.Healthy("node-1");
        var running = Container("a1", ContainerState.Running, DateTime.UtcNow.AddMinutes(-2).ToString("O"));
        var exited = Container("b2", ContainerState.Exited);
        var answer = await Written((node, running, true), (node, exited, true));

        var expected = JsonSerializer.Serialize(new[] { ContainerListEntry.Fields(node, running, true), ContainerListEntry.Fields(node, exited, true) }, ApiConventions.Json);
        Assert.Equal(JsonDocument.Parse(expected).RootElement.ToString(), answer.ToString());
        Assert.Equal("Up 2 minutes", answer[0].GetProperty("Status").GetString());
        Assert.Equal("/node-1/c-a1", answer[0].GetProperty("Names")[0].GetString());
        Assert.Equal("\"Status\":\"\"", answer[0].GetProperty("Labels").GetProperty("quote").GetString());
    }

    [Fact]
    public async Task A_cached_entry_follows_its_nodes_health_and_name()
    {
        var node = EngineSnapshots.Healthy("node-1");
        var container = Container("c3", ContainerState.Running, DateTime.UtcNow.ToString("O"));
        Assert.StartsWith("Up ", (await Written((node, container, true)))[0].GetProperty("Status").GetString());

        Assert.Equal("Host Down", (await Written((node with { Health = node.Health with { Status = EngineStatus.Unhealthy } }, container, false)))[0].GetProperty("Status").GetString());
        Assert.Equal("/node-9/c-c3", (await Written((node with { Name = "node-9" }, container, true)))[0].GetProperty("Names")[0].GetString());
    }

    [Fact]
    public async Task A_long_listing_written_block_by_block_is_every_entry_whole_in_order()
    {
        // Past the flush every 1,000 entries, and one entry larger than a block of the response's pipe.
        var node = EngineSnapshots.Healthy("node-1");
        var listed = Enumerable.Range(0, 2500)
            .Select(i => Container($"e{i}", ContainerState.Exited) with
            {
                Labels = i == 1234 ? new Dictionary<string, string> { ["big"] = new string('x', 20_000) } : new Dictionary<string, string>(),
            })
            .Select(c => (node, c, true))
            .ToArray();
        var answer = await Written(listed);

        var expected = JsonSerializer.Serialize(listed.Select(l => ContainerListEntry.Fields(l.node, l.c, true)), ApiConventions.Json);
        Assert.Equal(JsonDocument.Parse(expected).RootElement.ToString(), answer.ToString());
        Assert.Equal(20_000, answer[1234].GetProperty("Labels").GetProperty("big").GetString()!.Length);
    }

    [Fact]
    public async Task An_empty_list_is_an_empty_array()
    {
        Assert.Equal(0, (await Written()).GetArrayLength());
    }

    [Fact]
    public async Task A_status_text_is_made_again_when_its_duration_reads_otherwise()
    {
        var node = EngineSnapshots.Healthy("node-1");
        // Half a second past a step: a timer may end a delay a little early, and the first listing may come within a
        // millisecond of the container's start + 5 s (seen once: "Up 5", then "Up 6" after a 2 s delay).
        var container = Container("d4", ContainerState.Running, DateTime.UtcNow.AddSeconds(-5.5).ToString("O"));
        string first = (await Written((node, container, true)))[0].GetProperty("Status").GetString()!;
        Assert.Matches("^Up [56] seconds$", first);

        await Task.Delay(TimeSpan.FromSeconds(2));
        string later = (await Written((node, container, true)))[0].GetProperty("Status").GetString()!;
        Assert.Matches("^Up [78] seconds$", later);
    }

    [Theory]
    [InlineData(ContainerState.Running, "")]
    [InlineData(ContainerState.Running, "healthy")]
    [InlineData(ContainerState.Paused, "")]
    [InlineData(ContainerState.Exited, "")]
    [InlineData(ContainerState.Restarting, "")]
    public void Containers_with_the_same_status_key_have_the_same_text_and_others_another(ContainerState state, string health)
    {
        // Durations across every step of Docker's wording, from none to years, at and around each step's edges.
        var now = DateTime.UtcNow;
        double[] edges = [0, 0.5, 1, 1.5, 2, 30, 59.9, 60, 90, 119.9, 120, 59 * 60 + 30, 3600, 1.4 * 3600, 1.5 * 3600, 1.7 * 3600, 47.5 * 3600, 48 * 3600, 50 * 3600, 13 * 86400, 14 * 86400, 59 * 86400, 60 * 86400, 400 * 86400, 729 * 86400, 731 * 86400, 3000 * 86400];
        var seconds = edges.Concat(Enumerable.Range(0, 400).Select(i => Math.Pow(1.06, i) - 1)).ToList();
        var texts = new Dictionary<StatusText.Key, string>();
        foreach (double s in seconds)
        {
            string at = now.AddSeconds(-s).ToString("O");
            var container = Container("k", state) with { StartedAt = at, FinishedAt = at, ExitCode = 3, HealthStatus = health };
            var key = StatusText.KeyOf(container, now);
            string text = StatusText.Of(container, now);
            if (texts.TryGetValue(key, out string? earlier)) Assert.Equal(earlier, text);
            else texts[key] = text;
        }
        Assert.Equal(texts.Count, texts.Values.Distinct().Count());
        Assert.True(texts.Count > 100, $"{texts.Count} texts");
    }

    [Fact]
    public async Task Containers_whose_texts_read_alike_share_a_status_and_differ_where_they_differ()
    {
        var node = EngineSnapshots.Healthy("node-1");
        string started = DateTime.UtcNow.AddMinutes(-10).ToString("O");
        var answer = await Written(
            (node, Container("f1", ContainerState.Running, started), true),
            (node, Container("f2", ContainerState.Running, started) with { HealthStatus = "unhealthy" }, true),
            (node, Container("f3", ContainerState.Exited) with { FinishedAt = started, ExitCode = 137 }, true),
            (node, Container("f4", ContainerState.Exited) with { FinishedAt = started, ExitCode = 0 }, true),
            (node, Container("f5", ContainerState.Running, started), true),
            (node, Container("f6", ContainerState.Running, DateTime.UtcNow.AddSeconds(-3.3).ToString("O")), true),
            (node, Container("f7", ContainerState.Created), true));

        Assert.Equal(["Up 10 minutes", "Up 10 minutes (unhealthy)", "Exited (137) 10 minutes ago", "Exited (0) 10 minutes ago", "Up 10 minutes", "Up 3 seconds", "Created"],
            answer.EnumerateArray().Select(e => e.GetProperty("Status").GetString()));
    }
}
