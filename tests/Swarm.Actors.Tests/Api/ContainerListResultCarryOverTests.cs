using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.View;

namespace Swarm.Actors.Tests.Api;

/// <summary>Entries carried from one listing to the next: after containers are created, removed and changed, each is its own.</summary>
public class ContainerListResultCarryOverTests
{
    private static EngineContainer Container(string id, int minutesAgo) => new()
    {
        Id = id,
        Name = "c-" + id,
        Image = "busybox",
        Created = DateTime.UtcNow.AddMinutes(-minutesAgo),
        State = Scheduling.Model.ContainerState.Exited,
        Labels = new Dictionary<string, string> { ["n"] = id },
    };

    private static async Task<string> Listed(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await new ContainerListResult(newestFirst.Select((l, position) => (l.Engine, l.Container, true, position)), newestFirst).ExecuteAsync(context);
        return JsonDocument.Parse(body.ToArray()).RootElement.ToString();
    }

    private static string Expected(IReadOnlyList<(EngineSnapshot Engine, EngineContainer Container)> newestFirst) =>
        JsonDocument.Parse(JsonSerializer.Serialize(newestFirst.Select(l => ContainerListEntry.Fields(l.Engine, l.Container, true)), ApiConventions.Json)).RootElement.ToString();

    [Fact]
    public async Task Every_change_between_two_listings_lists_each_container_as_itself()
    {
        var random = new Random(5);
        var node = EngineSnapshots.Healthy("node-1");
        var list = Enumerable.Range(0, 40).Select(i => (node, Container("k" + i, 100 - i))).Reverse().ToList();
        for (int step = 0; step < 60; step++)
        {
            switch (random.Next(4))
            {
                case 0: list.Insert(0, (node, Container("new" + step, 0))); break;
                case 1: list.RemoveAt(random.Next(list.Count)); break;
                case 2:
                    int changed = random.Next(list.Count);
                    list[changed] = (node, list[changed].Item2 with { Labels = new Dictionary<string, string> { ["n"] = "changed" + step } });
                    break;
                default:
                    // Several at once: the walk loses step and looks entries up again.
                    list = [.. list.Skip(3).Take(10), (node, Container("x" + step, 1)), .. list.Take(3), .. list.Skip(13)];
                    break;
            }
            var snapshot = list.ToArray();
            Assert.Equal(Expected(snapshot), await Listed(snapshot));
        }
    }
}
