using Swarm.Actors.Engines;

namespace Swarm.Engines.Tests.Settings;

public class EngineSettingsTests
{
    /// <summary>A <see cref="Random"/> whose every draw is the same fraction, to pin the jitter.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    private static EngineSettings Settings(double minSeconds, double maxSeconds, int failureRetry = 3, double maxRetrySeconds = 120) =>
        new EngineSettings(TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds), failureRetry, TimeSpan.FromSeconds(30))
        {
            MaxRetryInterval = TimeSpan.FromSeconds(maxRetrySeconds),
        };

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Defaults_are_classics()
    {
        var settings = EngineSettings.Default;
        Assert.Equal(Seconds(30), settings.RefreshMinInterval);
        Assert.Equal(Seconds(60), settings.RefreshMaxInterval);
        Assert.Equal(3, settings.FailureRetry);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void Refresh_waits_exactly_the_minimum_when_min_equals_max_and_failures_do_not_exceed_retry(int failures)
    {
        var settings = Settings(30, 30);
        Assert.Equal(Seconds(30), settings.RefreshDelay(failures, new FixedRandom(0.99)));
    }

    [Theory]
    [InlineData(0.0, 30)]
    [InlineData(0.5, 45)]
    [InlineData(0.25, 37.5)]
    public void Refresh_adds_a_random_share_of_the_spread_between_min_and_max(double draw, double seconds)
    {
        Assert.Equal(Seconds(seconds), Settings(30, 60).RefreshDelay(0, new FixedRandom(draw)));
    }

    [Fact]
    public void Refresh_jitter_stays_within_min_and_max_and_varies()
    {
        var settings = Settings(30, 60);
        var random = new Random(42);
        var delays = Enumerable.Range(0, 500).Select(_ => settings.RefreshDelay(1, random)).ToList();
        Assert.All(delays, d => Assert.InRange(d, Seconds(30), Seconds(60)));
        Assert.True(delays.Distinct().Count() > 100);
        Assert.True(delays.Max() - delays.Min() > Seconds(20));
    }

    [Theory]
    [InlineData(4, 60)]
    [InlineData(5, 90)]
    [InlineData(6, 120)]
    public void Refresh_is_stretched_once_per_failure_beyond_the_retry_count(int failures, double seconds)
    {
        Assert.Equal(Seconds(seconds), Settings(30, 30).RefreshDelay(failures, new FixedRandom(0.5)));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(int.MaxValue)]
    public void A_stretched_refresh_is_capped_at_the_max_retry_interval(int failures)
    {
        Assert.Equal(Seconds(120), Settings(30, 30).RefreshDelay(failures, new FixedRandom(0.5)));
    }

    [Fact]
    public void Jitter_does_not_push_a_stretched_refresh_past_the_cap()
    {
        Assert.Equal(Seconds(120), Settings(30, 60).RefreshDelay(6, new FixedRandom(0.99)));
    }

    [Fact]
    public void The_cap_does_not_shorten_an_unstretched_refresh()
    {
        // An operator's refresh interval above the retry cap is honoured as long as the engine is not failing.
        Assert.Equal(Seconds(300), Settings(300, 300, maxRetrySeconds: 120).RefreshDelay(0, new FixedRandom(0)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 64)]
    public void Retries_wait_twice_as_long_each_time_from_the_minimum(int attempts, double seconds)
    {
        Assert.Equal(Seconds(seconds), Settings(1, 2).RetryDelay(attempts));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Retry_waits_are_capped_at_the_max_retry_interval(int attempts)
    {
        Assert.Equal(Seconds(120), Settings(1, 2).RetryDelay(attempts));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void The_first_retry_waits_the_minimum_even_for_odd_attempt_counts(int attempts)
    {
        Assert.Equal(Seconds(1), Settings(1, 2).RetryDelay(attempts));
    }
}
