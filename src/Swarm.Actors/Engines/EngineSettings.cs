namespace Swarm.Actors.Engines;

/// <summary>
/// How an engine actor watches its engine: <c>swarm manage</c>'s <c>--engine-refresh-min-interval</c>,
/// <c>--engine-refresh-max-interval</c> and <c>--engine-failure-retry</c> (classic defaults 30s / 60s / 3), plus the
/// time any one engine call may take before it counts as a failure.
/// </summary>
public sealed record EngineSettings(TimeSpan RefreshMinInterval, TimeSpan RefreshMaxInterval, int FailureRetry, TimeSpan CallTimeout)
{
    public static EngineSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(30));

    /// <summary>Specs (CPUs, memory, labels) have no events; a healthy engine's are re-read this often.</summary>
    public TimeSpan SpecsRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a validated engine is pinged between full refreshes, so that a dead engine is flagged unhealthy
    /// within <c>FailureRetry</c> beats instead of <c>FailureRetry</c> refreshes.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A heartbeat unanswered this long counts as a failure (a hung engine accepts connections but never answers).
    /// Generous on purpose: a dead engine refuses at once, while a busy manager on a loaded machine may take seconds
    /// to see a live engine's answer, and three such waits must not flag it unhealthy.
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait before validating again an engine that was never validated.</summary>
    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Classic's refresh delay: the minimum, stretched once per failure beyond the retry count (capped), plus a random
    /// share of the spread between minimum and maximum so a thousand engines do not refresh in step.
    /// </summary>
    public TimeSpan RefreshDelay(int failureCount, Random random)
    {
        int backoff = Math.Clamp(failureCount - FailureRetry, 0, 1000);
        var spread = RefreshMaxInterval - RefreshMinInterval;
        var jitter = spread > TimeSpan.Zero ? spread * random.NextDouble() : TimeSpan.Zero;
        var delay = RefreshMinInterval * (1 + backoff) + jitter;
        return delay < MaxRetryInterval || backoff == 0 ? delay : MaxRetryInterval;
    }

    /// <summary>Doubling waits from the minimum refresh interval, before validating a pending engine again.</summary>
    public TimeSpan RetryDelay(int attempts) => Doubling(RefreshMinInterval, attempts, MaxRetryInterval);

    /// <summary>Doubling waits from one second, at most the maximum refresh interval, before reopening a dropped event stream.</summary>
    public TimeSpan EventStreamRetryDelay(int attempts) => Doubling(TimeSpan.FromSeconds(1), attempts, RefreshMaxInterval);

    private static TimeSpan Doubling(TimeSpan first, int attempts, TimeSpan cap)
    {
        var delay = first * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16));
        return delay < cap ? delay : cap;
    }
}
