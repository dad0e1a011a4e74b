namespace Swarm.Engines.Tests;

public class EngineTimeTests
{
    [Theory]
    [InlineData("2026-12-05T13:01:02.123456789Z", 1234568)]
    [InlineData("2026-12-05T13:01:02.123456749Z", 1234567)]
    [InlineData("2026-12-05T13:01:02.1234567Z", 1234567)]
    [InlineData("2026-12-05T13:01:02.5Z", 5000000)]
    [InlineData("2026-12-05T13:01:02Z", 0)]
    public void Dockerds_nanoseconds_are_rounded_to_ticks(string text, long ticks) =>
        Assert.Equal(new DateTime(2026, 12, 5, 13, 1, 2, DateTimeKind.Utc).AddTicks(ticks), EngineTime.ParseUtc(text));

    [Fact]
    public void An_offset_is_turned_to_utc() =>
        Assert.Equal(new DateTime(2026, 12, 5, 12, 1, 2, DateTimeKind.Utc), EngineTime.ParseUtc("2026-12-05T13:01:02.000000001+01:00"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void No_time_is_the_zero_time(string? text) => Assert.Equal(default, EngineTime.ParseUtc(text));
}
