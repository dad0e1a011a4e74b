using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public sealed class ExecRegistryTests
{
    [Fact]
    public void Remembers_the_engine_of_an_exec_and_forgets_the_oldest_beyond_its_capacity()
    {
        var registry = new ExecRegistry(capacity: 2);
        registry.Remember("e1", new ExecRegistry.ExecOwner("engine-a", "c1"));
        registry.Remember("e2", new ExecRegistry.ExecOwner("engine-b", "c2"));
        Assert.Equal("engine-a", registry.Find("e1")!.EngineId);

        registry.Remember("e3", new ExecRegistry.ExecOwner("engine-a", "c3"));
        Assert.Null(registry.Find("e1"));
        Assert.Equal("c2", registry.Find("e2")!.ContainerId);
        Assert.Equal("c3", registry.Find("e3")!.ContainerId);
        Assert.Null(registry.Find("unknown"));
    }
}
