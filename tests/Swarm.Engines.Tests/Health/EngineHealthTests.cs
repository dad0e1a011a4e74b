using Swarm.Engines.Health;

namespace Swarm.Engines.Tests.Health;

public class EngineHealthTests
{
    private static EngineHealth Healthy(int failureRetry = 3) => EngineHealth.Pending(failureRetry).Validated().Health;

    private static EngineHealth FailTimes(EngineHealth health, int times)
    {
        for (int i = 0; i < times; i++) health = health.Failed($"failure {i + 1}").Health;
        return health;
    }

    [Fact]
    public void A_new_engine_is_pending_with_no_failures()
    {
        var health = EngineHealth.Pending(3);
        Assert.Equal(EngineStatus.Pending, health.Status);
        Assert.Equal(0, health.FailureCount);
        Assert.Equal(3, health.FailureRetry);
        Assert.Equal("", health.LastError);
        Assert.Equal(0, health.HealthIndicator);
    }

    [Fact]
    public void Validation_makes_a_pending_engine_healthy_with_engine_connect()
    {
        var (health, clusterEvent) = EngineHealth.Pending(3).Failed("refused").Health.Validated();
        Assert.Equal(EngineStatus.Healthy, health.Status);
        Assert.Equal(ClusterEventNames.EngineConnect, clusterEvent);
        Assert.Equal("engine_connect", clusterEvent);
        Assert.Equal(0, health.FailureCount);
        Assert.Equal("", health.LastError);
        Assert.Equal(100, health.HealthIndicator);
    }

    [Fact]
    public void Each_failure_is_counted_and_its_error_recorded()
    {
        var (once, firstEvent) = Healthy().Failed("connection refused");
        Assert.Equal(1, once.FailureCount);
        Assert.Equal("connection refused", once.LastError);
        Assert.Null(firstEvent);

        var (twice, secondEvent) = once.Failed("no route to host");
        Assert.Equal(2, twice.FailureCount);
        Assert.Equal("no route to host", twice.LastError);
        Assert.Null(secondEvent);
    }

    [Fact]
    public void Healthy_stays_healthy_until_the_failures_reach_the_retry_count()
    {
        var health = FailTimes(Healthy(3), 2);
        Assert.Equal(EngineStatus.Healthy, health.Status);
        Assert.Equal(2, health.FailureCount);
    }

    [Fact]
    public void Unhealthy_with_engine_disconnect_exactly_when_failures_reach_the_retry_count()
    {
        var (health, clusterEvent) = FailTimes(Healthy(3), 2).Failed("connection refused");
        Assert.Equal(EngineStatus.Unhealthy, health.Status);
        Assert.Equal(ClusterEventNames.EngineDisconnect, clusterEvent);
        Assert.Equal("engine_disconnect", clusterEvent);
        Assert.Equal(3, health.FailureCount);
        Assert.Equal("connection refused", health.LastError);
    }

    [Fact]
    public void A_retry_count_of_one_flags_the_engine_at_the_first_failure()
    {
        var (health, clusterEvent) = Healthy(1).Failed("connection refused");
        Assert.Equal(EngineStatus.Unhealthy, health.Status);
        Assert.Equal(ClusterEventNames.EngineDisconnect, clusterEvent);
    }

    [Fact]
    public void Further_failures_of_an_unhealthy_engine_emit_nothing_more()
    {
        var unhealthy = FailTimes(Healthy(3), 3);
        var (health, clusterEvent) = unhealthy.Failed("still refused");
        Assert.Equal(EngineStatus.Unhealthy, health.Status);
        Assert.Equal(4, health.FailureCount);
        Assert.Equal("still refused", health.LastError);
        Assert.Null(clusterEvent);
    }

    [Fact]
    public void Failures_of_a_pending_engine_are_counted_but_never_make_it_unhealthy()
    {
        var health = EngineHealth.Pending(2);
        for (int i = 0; i < 4; i++)
        {
            var (next, clusterEvent) = health.Failed("refused");
            Assert.Null(clusterEvent);
            health = next;
        }
        Assert.Equal(EngineStatus.Pending, health.Status);
        Assert.Equal(4, health.FailureCount);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 67)]
    [InlineData(2, 34)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    public void Health_indicator_falls_with_each_failure_for_a_retry_count_of_three(int failures, int indicator)
    {
        Assert.Equal(indicator, FailTimes(Healthy(3), failures).HealthIndicator);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 80)]
    [InlineData(2, 60)]
    [InlineData(4, 20)]
    [InlineData(5, 0)]
    public void Health_indicator_is_100_minus_failures_times_100_over_retry(int failures, int indicator)
    {
        Assert.Equal(indicator, FailTimes(Healthy(5), failures).HealthIndicator);
    }

    [Fact]
    public void Health_indicator_is_zero_whenever_the_engine_is_not_healthy()
    {
        Assert.Equal(0, EngineHealth.Pending(3).HealthIndicator);
        Assert.Equal(0, FailTimes(Healthy(3), 3).HealthIndicator);
        Assert.Equal(0, Healthy(3).Removed().Health.HealthIndicator);
        Assert.Equal(0, Healthy(3).Invalidated("shows up with another ID").HealthIndicator);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    public void Health_indicator_is_zero_when_failures_reach_the_retry_count_even_if_still_marked_healthy(int failures)
    {
        var health = new EngineHealth(EngineStatus.Healthy, failures, 3, "");
        Assert.Equal(0, health.HealthIndicator);
    }

    [Fact]
    public void Success_brings_an_unhealthy_engine_back_with_engine_reconnect()
    {
        var (health, clusterEvent) = FailTimes(Healthy(3), 4).Succeeded();
        Assert.Equal(EngineStatus.Healthy, health.Status);
        Assert.Equal(ClusterEventNames.EngineReconnect, clusterEvent);
        Assert.Equal("engine_reconnect", clusterEvent);
        Assert.Equal(0, health.FailureCount);
        Assert.Equal("", health.LastError);
        Assert.Equal(100, health.HealthIndicator);
    }

    [Fact]
    public void Success_on_a_healthy_engine_resets_the_failures_without_an_event()
    {
        var (health, clusterEvent) = FailTimes(Healthy(3), 2).Succeeded();
        Assert.Null(clusterEvent);
        Assert.Equal(EngineStatus.Healthy, health.Status);
        Assert.Equal(0, health.FailureCount);
        Assert.Equal("", health.LastError);
        Assert.Equal(100, health.HealthIndicator);
    }

    [Fact]
    public void After_a_success_it_takes_the_full_retry_count_again_to_turn_unhealthy()
    {
        var health = FailTimes(FailTimes(Healthy(3), 2).Succeeded().Health, 2);
        Assert.Equal(EngineStatus.Healthy, health.Status);
        Assert.Equal(EngineStatus.Unhealthy, health.Failed("refused").Health.Status);
    }

    [Fact]
    public void Success_does_not_validate_a_pending_engine()
    {
        var (health, clusterEvent) = EngineHealth.Pending(3).Succeeded();
        Assert.Equal(EngineStatus.Pending, health.Status);
        Assert.Null(clusterEvent);
    }

    [Fact]
    public void Removal_disconnects_with_engine_disconnect_once()
    {
        var (removed, firstEvent) = Healthy().Removed();
        Assert.Equal(EngineStatus.Disconnected, removed.Status);
        Assert.Equal(ClusterEventNames.EngineDisconnect, firstEvent);

        var (again, secondEvent) = removed.Removed();
        Assert.Equal(EngineStatus.Disconnected, again.Status);
        Assert.Null(secondEvent);
    }

    [Fact]
    public void Removal_of_an_unhealthy_or_pending_engine_also_emits_engine_disconnect()
    {
        Assert.Equal(ClusterEventNames.EngineDisconnect, FailTimes(Healthy(1), 1).Removed().ClusterEvent);
        Assert.Equal(ClusterEventNames.EngineDisconnect, EngineHealth.Pending(3).Removed().ClusterEvent);
    }

    [Fact]
    public void Invalidation_returns_to_pending_and_keeps_the_reason()
    {
        var health = Healthy().Invalidated("ID duplicated");
        Assert.Equal(EngineStatus.Pending, health.Status);
        Assert.Equal("ID duplicated", health.LastError);
    }

    [Fact]
    public void Transitions_leave_the_original_value_untouched()
    {
        var healthy = Healthy(3);
        _ = healthy.Failed("refused");
        _ = healthy.Removed();
        Assert.Equal(EngineStatus.Healthy, healthy.Status);
        Assert.Equal(0, healthy.FailureCount);
        Assert.Equal("", healthy.LastError);
    }
}
