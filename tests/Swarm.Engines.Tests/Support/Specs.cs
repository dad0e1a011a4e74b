namespace Swarm.Engines.Tests.Support;

/// <summary>Engine specs as <c>docker info</c> would give them, for tests that only care about a few fields.</summary>
internal static class Specs
{
    public static EngineSpecs Of(params string[] labels) => new(
        DockerId: "AAAA:BBBB",
        Name: "node-1",
        Cpus: 4,
        Memory: 8L << 30,
        Labels: labels,
        StorageDriver: "overlay2",
        KernelVersion: "5.15.0-91-generic",
        OperatingSystem: "Ubuntu 22.04.3 LTS",
        OSType: "linux",
        ServerVersion: "20.10.24",
        ApiVersion: "1.41");
}
