using Docker.DotNet.Models;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Engines.Tests.View;

/// <summary>Texts thousands of containers repeat are held once; the swarm ID, unique to each, is not pooled.</summary>
public class SharedStringsTests
{
    private static ContainerInspectResponse Inspect(string id) => new()
    {
        ID = id,
        Name = "/" + id,
        Image = new string('a', 64),
        Path = "sleep",
        Args = ["3600"],
        Config = new Config { Image = "busybox:latest", Labels = new Dictionary<string, string> { ["tier"] = "web", [SchedulingRequest.SwarmIdLabel] = new string(id[0], 64) } },
        State = new ContainerState { Status = "running", StartedAt = "2026-12-05T10:00:00Z", FinishedAt = "0001-01-01T00:00:00Z" },
    };

    [Fact]
    public void Two_containers_of_one_image_share_its_texts_and_keep_their_own_swarm_IDs()
    {
        var first = EngineContainer.FromInspect(Inspect("one"));
        var second = EngineContainer.FromInspect(Inspect("two"));

        Assert.Same(first.Image, second.Image);
        Assert.Same(first.ImageId, second.ImageId);
        Assert.Same(first.Command, second.Command);
        Assert.Equal("sleep 3600", first.Command);
        Assert.Same(first.Labels["tier"], second.Labels["tier"]);
        Assert.Same(first.Labels.Keys.Single(k => k == "tier"), second.Labels.Keys.Single(k => k == "tier"));
        Assert.Equal(new string('o', 64), first.SwarmId);
        Assert.Equal(new string('t', 64), second.SwarmId);
    }

    [Fact]
    public void An_equal_text_comes_back_as_the_first_instance()
    {
        string text = "shared-" + Guid.NewGuid().ToString("N");
        string copy = new(text.AsSpan());
        Assert.NotSame(text, copy);
        Assert.Same(SharedStrings.Of(text), SharedStrings.Of(copy));
        Assert.Equal("", SharedStrings.Of(""));
    }
}
