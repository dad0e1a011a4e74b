using Swarm.Engines;
using Swarm.Engines.Hollow;

namespace Swarm.Actors.Tests.Support;

/// <summary>The same three engines as <see cref="RealEngines"/>, simulated: faults stand in for signals.</summary>
public sealed class HollowEngines : IEngineTargets
{
    // Real engines on one machine share /etc/docker/key.json and so one dockerd ID; so do these.
    public const string SharedDockerId = "HOLL:OWEN:GINE:SSHA:REON:EDOC:KERD:IDAB:CDEF:0123:4567:89AB";

    private readonly Dictionary<int, HollowTarget> engines = [];

    public HollowEngines()
    {
        for (int number = 1; number <= 3; number++)
        {
            var engine = new HollowEngine(new HollowEngineOptions
            {
                Address = $"127.0.1.{number}:2375",
                Name = $"node-{number}",
                DockerId = SharedDockerId,
                Labels = number == 1 ? ["region=eu", "node=ignored"] : [],
            });
            engines[number] = new HollowTarget(engine);
        }
    }

    public IEngineTarget this[int number] => engines[number];

    public HollowEngine Engine(int number) => engines[number].Engine;

    private sealed class HollowTarget(HollowEngine engine) : IEngineTarget
    {
        public HollowEngine Engine => engine;
        public string Name => engine.Name;
        public string Address => engine.Address;
        public IEngineClient NewClient() => engine.Connect();
        public void Kill() => engine.Fault = HollowFault.Refuse;
        public void Restart() => engine.Fault = HollowFault.None;
        public void Hang() => engine.Fault = HollowFault.Hang;
        public void Resume() => engine.Fault = HollowFault.None;
    }
}
