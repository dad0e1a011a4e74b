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
}
