using Docker.DotNet.Models;
using Swarm.Engines.Hollow;

namespace Swarm.Engines.Tests.Support;

internal static class HollowEngines
{
    public static HollowEngine Engine(string address = "10.0.0.1:2375", string dockerId = "", TimeSpan latency = default, params string[] labels) =>
        new(new HollowEngineOptions
        {
            Address = address,
            Name = "hollow-1",
            DockerId = dockerId,
            Cpus = 4,
            Memory = 4L << 30,
            Labels = labels,
            Images = ["busybox:latest", "nginx:1.25"],
            Latency = latency,
        });

    public static CreateContainerParameters Params(string name = "", string image = "busybox") => new() { Name = name, Image = image, Cmd = ["sleep", "1000"] };

    public static async Task<string> Create(this IEngineClient client, string name = "", string image = "busybox") =>
        (await client.CreateContainerAsync(Params(name, image), CancellationToken.None)).ID;

    public static async Task<string> Run(this IEngineClient client, string name = "", string image = "busybox")
    {
        string id = await client.Create(name, image);
        await client.StartContainerAsync(id, CancellationToken.None);
        return id;
    }

    public static async Task<ContainerInspectResponse> Inspect(this IEngineClient client, string id) =>
        await client.InspectContainerAsync(id, CancellationToken.None);

    /// <summary>
    /// Starts an event monitor in the background and returns once it demonstrably receives events
    /// (probe containers are created until one's event arrives; filter by container ID afterwards).
    /// </summary>
    public static async Task<Task> StartMonitor(this IEngineClient client, EventCollector collector, CancellationToken cancellationToken)
    {
        var monitor = Task.Run(() => client.MonitorEventsAsync(null, collector, cancellationToken), CancellationToken.None);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            string probe = await client.Create($"probe-{Guid.NewGuid():N}");
            if (await Eventually.Holds(() => collector.Messages.Any(m => m.Actor?.ID == probe), 50)) return monitor;
            if (monitor.IsCompleted) await monitor;
        }
        throw new TimeoutException("the event monitor never started");
    }
}
