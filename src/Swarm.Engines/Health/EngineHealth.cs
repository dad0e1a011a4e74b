namespace Swarm.Engines.Health;

/// <summary>
/// Classic Swarm's health accounting for one engine (<c>CheckConnectionErr</c>), as an immutable value:
/// each call's outcome gives the next health and, when the status flips, the cluster event to emit.
/// </summary>
public sealed record EngineHealth(EngineStatus Status, int FailureCount, int FailureRetry, string LastError)
{
    public static EngineHealth Pending(int failureRetry) => new(EngineStatus.Pending, 0, failureRetry, "");

    /// <summary>
    /// 0 unless healthy; otherwise 100 falling with each recent failure, so the scheduler avoids a failing node
    /// before it is declared unhealthy.
    /// </summary>
    public int HealthIndicator =>
        Status != EngineStatus.Healthy || FailureCount >= FailureRetry ? 0 : 100 - FailureCount * 100 / FailureRetry;

    /// <summary>The engine was validated (first connection): Healthy, <c>engine_connect</c>.</summary>
    public (EngineHealth Health, string? ClusterEvent) Validated() =>
        (this with { Status = EngineStatus.Healthy, FailureCount = 0, LastError = "" }, ClusterEventNames.EngineConnect);

    /// <summary>A call succeeded: failures forgotten; an unhealthy engine comes back with <c>engine_reconnect</c>.</summary>
    public (EngineHealth Health, string? ClusterEvent) Succeeded()
    {
        var next = this with { FailureCount = 0, LastError = "" };
        if (Status != EngineStatus.Unhealthy) return (next, null);
        return (next with { Status = EngineStatus.Healthy }, ClusterEventNames.EngineReconnect);
    }

    /// <summary>A call could not reach the engine: after <see cref="FailureRetry"/> of them a healthy engine turns unhealthy with <c>engine_disconnect</c>.</summary>
    public (EngineHealth Health, string? ClusterEvent) Failed(string error)
    {
        var next = this with { FailureCount = FailureCount + 1, LastError = error };
        if (Status != EngineStatus.Healthy || next.FailureCount < FailureRetry) return (next, null);
        return (next with { Status = EngineStatus.Unhealthy }, ClusterEventNames.EngineDisconnect);
    }

    /// <summary>Removed from discovery: <c>engine_disconnect</c>, once, as classic emitted it for any engine it let go.</summary>
    public (EngineHealth Health, string? ClusterEvent) Removed() =>
        (this with { Status = EngineStatus.Disconnected },
         Status == EngineStatus.Disconnected ? null : ClusterEventNames.EngineDisconnect);

    /// <summary>Back to pending with a reason (refused, or the engine showed up with another ID).</summary>
    public EngineHealth Invalidated(string error) => this with { Status = EngineStatus.Pending, LastError = error };
}
