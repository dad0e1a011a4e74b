using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Api;

/// <summary>
/// Which copy of a container the API shows when its swarm ID is on more than one engine (a rescheduled container's
/// old copy still on its failed node), and that an engine directory answer (read-only list) gives the same.
/// </summary>
public class ContainerListingTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Moved = new('d', 64);

    private static EngineContainer Container(string id, string swarmId = "", int minutesAgo = 1) => new()
    {
        Id = id,
        Name = "c-" + id,
        Created = Now.AddMinutes(-minutesAgo),
        Labels = swarmId.Length > 0 ? new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId } : new Dictionary<string, string>(),
    };

    private static EngineSnapshot Down(EngineSnapshot engine) => engine with { Health = engine.Health with { Status = EngineStatus.Unhealthy } };

    private static string[] VisibleIds(IReadOnlyList<EngineSnapshot> engines) => [.. ContainerListing.Visible(engines).Select(v => v.Container.Id).Order()];

    [Fact]
    public void A_swarm_id_on_two_engines_shows_once_on_the_healthy_one_and_every_other_container_shows()
    {
        var failed = Down(EngineSnapshots.Healthy("node-1", containers: [Container("old", Moved, minutesAgo: 1), Container("a", new string('a', 64)), Container("plain")]));
        var healthy = EngineSnapshots.Healthy("node-2", containers: [Container("new", Moved, minutesAgo: 5), Container("b", new string('b', 64)), Container("plain2")]);
        EngineSnapshot[] engines = [failed, healthy];

        Assert.Equal(["a", "b", "new", "plain", "plain2"], VisibleIds(engines));
        Assert.Equal(VisibleIds(engines), VisibleIds(Array.AsReadOnly(engines)));
        Assert.Equal(["a", "b", "new", "plain", "plain2"], ContainerListing.LookupEntries(Array.AsReadOnly(engines)).Select(e => e.EngineContainerId).Order());
    }

    [Fact]
    public void Between_two_healthy_copies_the_newer_shows()
    {
        var first = EngineSnapshots.Healthy("node-1", containers: [Container("older", Moved, minutesAgo: 5)]);
        var second = EngineSnapshots.Healthy("node-2", containers: [Container("newer", Moved, minutesAgo: 1)]);

        Assert.Equal(["newer"], VisibleIds([first, second]));
        Assert.Equal(["newer"], VisibleIds(Array.AsReadOnly([second, first])));
    }

    [Fact]
    public void Newest_first_keeps_the_engines_order_among_containers_created_together()
    {
        var one = EngineSnapshots.Healthy("node-1", containers: [Container("x", minutesAgo: 2), Container("y", minutesAgo: 1), Container("z", minutesAgo: 2)]);
        var two = EngineSnapshots.Healthy("node-2", containers: [Container("w", minutesAgo: 2), Container("v", minutesAgo: 3)]);

        string[] expected = ["y", "x", "z", "w", "v"];
        Assert.Equal(expected, ContainerListing.NewestFirst([one, two]).Select(v => v.Container.Id));
        Assert.Equal(expected, ContainerListing.NewestFirst(Array.AsReadOnly([one, two])).Select(v => v.Container.Id));
    }

    [Fact]
    public void A_new_answer_with_the_same_containers_lists_its_own_engines_and_a_health_change_shows_the_other_copy()
    {
        var failing = EngineSnapshots.Healthy("node-1", containers: [Container("old", Moved, minutesAgo: 1), Container("plain")]);
        var other = EngineSnapshots.Healthy("node-2", containers: [Container("new", Moved, minutesAgo: 5)]);
        var first = Array.AsReadOnly(new[] { failing, other });
        Assert.Equal(["old", "plain"], ContainerListing.NewestFirst(first).Select(v => v.Container.Id));

        // Refreshed: new snapshots over the same container lists. What is listed names the new snapshots.
        var refreshed = Array.AsReadOnly(new[] { failing with { UpdatedAt = Now }, other with { UpdatedAt = Now } });
        var listed = ContainerListing.NewestFirst(refreshed);
        Assert.Equal(["old", "plain"], listed.Select(v => v.Container.Id));
        Assert.All(listed, v => Assert.Same(refreshed[0], v.Engine));

        // node-1 down: its copy of the moved container gives way to node-2's.
        var down = Array.AsReadOnly(new[] { Down(refreshed[0]), refreshed[1] });
        Assert.Equal(["plain", "new"], ContainerListing.NewestFirst(down).Select(v => v.Container.Id));
        Assert.Equal(["new", "plain"], ContainerListing.LookupEntries(down).Select(e => e.EngineContainerId).Order());
    }
}
