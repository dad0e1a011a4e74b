using System.Net;
using System.Text.Json;
using Swarm.HollowFarm.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.HollowFarm.Tests;

/// <summary>Many engines in one process, for scale benchmarks: they start together and each answers as itself.</summary>
public sealed class ScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_engines_start_in_one_process_and_all_answer()
    {
        await using var farm = await FarmProcess.OnLoopback(200);
        Assert.Equal(200, farm.Addresses.Distinct().Count());

        using var http = new HttpClient();
        var pings = await Task.WhenAll(farm.Addresses.Select(address => http.GetAsync($"http://{address}/_ping")));
        Assert.All(pings, ping => Assert.Equal(HttpStatusCode.OK, ping.StatusCode));
        Assert.All(pings, ping => Assert.Equal("1.41", ping.Headers.GetValues("API-Version").Single()));

        var infos = await Task.WhenAll(farm.Addresses.Select(address => http.GetStringAsync($"http://{address}/info")));
        var identities = infos.Select(info => JsonDocument.Parse(info).RootElement).Select(info => (info.GetProperty("Name").GetString(), info.GetProperty("ID").GetString())).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(n => $"hollow-{n}"), identities.Select(i => i.Item1));
        Assert.Equal(200, identities.Select(i => i.Item2).Distinct().Count());
        output.WriteLine(farm.Log);
    }
}
