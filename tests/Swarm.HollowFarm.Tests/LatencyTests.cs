using System.Diagnostics;
using Swarm.HollowFarm.Tests.Support;

namespace Swarm.HollowFarm.Tests;

/// <summary><c>--latency</c>: every engine answers as a slow remote daemon would, each call paying the delay.</summary>
public sealed class LatencyTests
{
    [Fact]
    public async Task Every_call_of_every_engine_pays_the_latency()
    {
        await using var farm = await FarmProcess.OnLoopback(2, "--latency", "300ms");
        using var http = new HttpClient();
        foreach (string address in farm.Addresses)
        {
            var call = Stopwatch.StartNew();
            Assert.Equal("OK", await http.GetStringAsync($"http://{address}/_ping"));
            Assert.InRange(call.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        }
    }
}
