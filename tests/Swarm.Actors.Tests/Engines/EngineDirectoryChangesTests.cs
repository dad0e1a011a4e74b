using Akka.Actor;
using Docker.DotNet.Models;
using Swarm.Actors.Engines;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Engines;

/// <summary>
/// What one manager's directory gives another's, which copies its engines for docker ps and docker info on that
/// manager: everything at first, then only the engines changed since the version the copy holds, in pieces a
/// remoting frame carries, and everything again to a copy of another epoch (this directory started again).
/// </summary>
public sealed class EngineDirectoryChangesTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING", output)
{
    private static readonly EngineSettings Quiet = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 2, TimeSpan.FromSeconds(5)) { HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly TimeSpan Connecting = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AskTime = TimeSpan.FromSeconds(5);

    private async Task<(HollowEngines Engines, IActorRef Directory, EngineDirectory.ChangedEngines All)> ThreeEngines()
    {
        var engines = new HollowEngines();
        var byAddress = Enumerable.Range(1, 3).ToDictionary(n => engines[n].Address, n => engines[n]);
        var directory = Sys.ActorOf(EngineDirectory.Props(CreateTestProbe().Ref, watchFor: address => new EngineDirectory.EngineWatch(byAddress[address].NewClient(), Quiet)));
        directory.Tell(new EngineDirectory.WatchOnly([.. byAddress.Keys]));
        EngineDirectory.ChangedEngines all = null!;
        await AwaitAssertAsync(async () =>
        {
            all = await directory.Ask<EngineDirectory.ChangedEngines>(new EngineDirectory.GetChangedEngines("", 0), AskTime);
            Assert.Equal(3, all.Changed.Count(e => e.Health.Status == EngineStatus.Healthy));
        }, Connecting);
        Assert.Equal(byAddress.Keys.Order(StringComparer.Ordinal), all.Addresses.Order(StringComparer.Ordinal));
        Assert.False(all.More);
        return (engines, directory, all);
    }

    [Fact]
    public async Task A_copy_that_is_up_to_date_gets_nothing_and_then_only_the_engine_that_changed()
    {
        var (engines, directory, all) = await ThreeEngines();
        await Task.Delay(500);
        var settled = await directory.Ask<EngineDirectory.ChangedEngines>(new EngineDirectory.GetChangedEngines("", 0), AskTime);

        var none = await directory.Ask<EngineDirectory.ChangedEngines>(new EngineDirectory.GetChangedEngines(settled.Epoch, settled.Version), AskTime);
        Assert.Empty(none.Changed);
        Assert.Equal((settled.Epoch, settled.Version, 3), (none.Epoch, none.Version, none.Addresses.Count));

        await engines.Engine(2).CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Name = "web" }, CancellationToken.None);
        await AwaitAssertAsync(async () =>
        {
            var changed = await directory.Ask<EngineDirectory.ChangedEngines>(new EngineDirectory.GetChangedEngines(settled.Epoch, settled.Version), AskTime);
            var engine = Assert.Single(changed.Changed);
            Assert.Equal((engines[2].Address, "web"), (engine.Address, engine.Containers.Single().Name));
            Assert.True(changed.Version > settled.Version);
        }, Connecting);
        Assert.Equal(all.Epoch, settled.Epoch);
    }

    [Fact]
    public async Task A_copy_of_another_epoch_gets_every_engine_again()
    {
        var (_, directory, all) = await ThreeEngines();
        var again = await directory.Ask<EngineDirectory.ChangedEngines>(new EngineDirectory.GetChangedEngines("a-directory-before-a-restart", all.Version), AskTime);
        Assert.Equal(3, again.Changed.Count);
        Assert.Equal(all.Epoch, again.Epoch);
    }

    [Fact]
    public async Task Many_containers_come_in_pieces_that_together_hold_every_engine()
    {
        var (engines, directory, _) = await ThreeEngines();
        for (int i = 0; i < 1100; i++)
        {
            await engines.Engine(1).CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Name = $"c{i}" }, CancellationToken.None);
        }
        await engines.Engine(3).CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Name = "web" }, CancellationToken.None);

        var pieces = new List<EngineDirectory.ChangedEngines>();
        await AwaitAssertAsync(async () =>
        {
            pieces.Clear();
            var asked = new EngineDirectory.GetChangedEngines("", 0);
            while (true)
            {
                var piece = await directory.Ask<EngineDirectory.ChangedEngines>(asked, AskTime);
                pieces.Add(piece);
                if (!piece.More) break;
                asked = new EngineDirectory.GetChangedEngines(piece.Epoch, piece.Version);
            }
            var latest = pieces.SelectMany(p => p.Changed).GroupBy(e => e.Address).ToDictionary(g => g.Key, g => g.Last());
            Assert.Equal(1100, latest[engines[1].Address].Containers.Count);
            Assert.Single(latest[engines[3].Address].Containers);
            Assert.Equal(3, latest.Count);
        }, TimeSpan.FromSeconds(30));
        Assert.True(pieces.Count >= 2, $"{pieces.Count} piece(s)");
        // A piece holds at most 1,000 containers, unless one engine alone has more.
        Assert.All(pieces, p => Assert.True(p.Changed.Count == 1 || p.Changed.Sum(e => e.Containers.Count) <= 1000));
    }
}
