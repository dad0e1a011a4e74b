using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The engine actor over three real dockerd engines (tests/engines/engines.sh).</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class RealEngineActorTests(RealEngines engines, ITestOutputHelper output) : EngineActorBehaviour(engines, output);
