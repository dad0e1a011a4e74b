using Akka.Actor;
using Swarm.Actors.Discovery;
using Swarm.Actors.Engines;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Discovery;

/// <summary>file:// discovery re-read every heartbeat: engines come and go with the file's lines.</summary>
public sealed class FileDiscoveryTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING", output)
{
    private static readonly EngineSettings Settings = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), 3, TimeSpan.FromSeconds(5));

    // A file line does not expire; the TTL is passed only because registration takes one.
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Engines_added_to_the_file_are_watched_and_removed_ones_disconnected()
    {
        var engines = new HollowEngines();
        var byAddress = Enumerable.Range(1, 3).ToDictionary(n => engines[n].Address, n => engines[n]);
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# one engine", engines[1].Address]);
            var scheduler = CreateTestProbe();
            var directory = Sys.ActorOf(EngineDirectory.Props(scheduler.Ref, watchFor: address => new EngineDirectory.EngineWatch(byAddress[address].NewClient(), Settings)));
            Sys.ActorOf(DiscoveryActor.Props(new FileDiscovery(file), directory, TimeSpan.FromMilliseconds(200)));
            Assert.Equal("node-1", scheduler.FishForMessage<EngineEvents.EngineConnected>(_ => true, TimeSpan.FromSeconds(5)).Engine.Name);

            await File.WriteAllLinesAsync(file, [engines[1].Address, engines[2].Address + "  # added"]);
            Assert.Equal("node-2", scheduler.FishForMessage<EngineEvents.EngineConnected>(_ => true, TimeSpan.FromSeconds(5)).Engine.Name);

            await File.WriteAllLinesAsync(file, [engines[2].Address]);
            var gone = scheduler.FishForMessage<EngineEvents.EngineDisconnected>(_ => true, TimeSpan.FromSeconds(5)).Engine;
            Assert.Equal(("node-1", EngineStatus.Disconnected), (gone.Name, gone.Health.Status));

            // A file that cannot be read is reported and polled again; the engines already known stay.
            File.Delete(file);
            await Task.Delay(600);
            var known = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal(["node-2"], known.All.Select(e => e.Name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Register_appends_a_missing_address_once_and_keeps_every_other_line()
    {
        string file = Path.Combine(Path.GetTempPath(), $"swarm-register-{Guid.NewGuid():N}.txt");
        try
        {
            var discovery = new FileDiscovery(file);
            Assert.True(await discovery.RegisterAsync("10.0.0.9:2375", Ttl, CancellationToken.None));
            Assert.Equal("10.0.0.9:2375\n", await File.ReadAllTextAsync(file));

            await File.WriteAllTextAsync(file, "# comment\r\n10.0.0.[1:3]:2375 # range\r\nlast:2375");
            Assert.False(await discovery.RegisterAsync("10.0.0.2:2375", Ttl, CancellationToken.None));
            Assert.True(await discovery.RegisterAsync("10.0.0.9:2375", Ttl, CancellationToken.None));
            Assert.False(await discovery.RegisterAsync("10.0.0.9:2375", Ttl, CancellationToken.None));
            Assert.Equal("# comment\r\n10.0.0.[1:3]:2375 # range\r\nlast:2375\n10.0.0.9:2375\n", await File.ReadAllTextAsync(file));
            Assert.Equal(["10.0.0.1:2375", "10.0.0.2:2375", "10.0.0.3:2375", "last:2375", "10.0.0.9:2375"], await discovery.ReadAsync(CancellationToken.None));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(file)}.*"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
