using System.Diagnostics;
using System.Net;
using Swarm.HollowFarm.Tests.Support;

namespace Swarm.HollowFarm.Tests;

/// <summary>The farm as a process: where it listens, what it says when it cannot, and how it stops.</summary>
public sealed class FarmLifecycleTests
{
    [Fact]
    public async Task Engines_can_listen_on_consecutive_loopback_addresses_sharing_one_port()
    {
        IPAddress[] hosts = [IPAddress.Parse("127.0.1.1"), IPAddress.Parse("127.0.1.2"), IPAddress.Parse("127.0.1.3")];
        int port = LoopbackPorts.FreeOnAll(hosts);
        await using var farm = await FarmProcess.Start(3, ["--engines", "3", "--addresses", "127.0.1.1..", "--port", port.ToString()]);
        Assert.Equal(hosts.Select(h => $"{h}:{port}"), farm.Addresses);
        Assert.Equal("Name: hollow-3", (await DockerCli.Run(farm.Addresses[2], "info")).Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Name:")));
    }

    [Fact]
    public async Task The_farm_stops_on_sigterm_even_with_open_event_streams_and_held_requests()
    {
        await using var farm = await FarmProcess.OnLoopback(1);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var events = await http.GetAsync($"http://{farm.Addresses[0]}/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        await farm.SetFault(1, "hang");
        var held = http.GetAsync($"http://{farm.Addresses[0]}/info");

        var stopping = Stopwatch.StartNew();
        Assert.Equal(0, await farm.Terminate());
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"took {stopping.Elapsed}");
        Assert.Same(held, await Task.WhenAny(held, Task.Delay(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task A_taken_port_is_reported_and_the_farm_exits()
    {
        await using var first = await FarmProcess.OnLoopback(2);
        int taken = int.Parse(first.Addresses[1].Split(':')[1]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => FarmProcess.Start(1, ["--engines", "1", "--base-port", taken.ToString()]));
        Assert.Contains("hollow-farm: cannot listen:", refused.Message);
    }
}
