using System.Net;
using Swarm.Engines.Hollow;

namespace Swarm.HollowFarm;

/// <summary>
/// One engine of the farm: the simulated daemon behind one endpoint and the fault shown there. Route handlers
/// take it as a parameter (<see cref="BindAsync"/>): the engine of the endpoint the request came in on.
/// </summary>
public sealed class FarmEngine(HollowEngine engine)
{
    public HollowEngine Engine => engine;

    public FaultSwitch Fault { get; } = new(engine);

    public IPEndPoint Endpoint { get; } = IPEndPoint.Parse(engine.Address);

    public static ValueTask<FarmEngine?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<FarmEngine>());
}
