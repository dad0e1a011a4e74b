using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>Which stopped containers <c>POST /containers/prune</c> removes, as dockerd decides it.</summary>
public sealed class ContainerPruneFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> NoLabels = [];

    private static ContainerPruneFilter Parse(string filters)
    {
        var filter = ContainerPruneFilter.TryParse(filters, Now, out string? error);
        Assert.True(filter is not null, error);
        return filter;
    }

    [Theory]
    [InlineData("created", true)]
    [InlineData("exited", true)]
    [InlineData("dead", true)]
    [InlineData("running", false)]
    [InlineData("paused", false)]
    [InlineData("restarting", false)]
    [InlineData("removing", false)]
    public void Only_containers_that_do_not_run_are_pruned(string state, bool prunable) =>
        Assert.Equal(prunable, ContainerPruneFilter.IsPrunable(state));

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public void No_filters_prune_everything_stopped(string filters)
    {
        var filter = Parse(filters);
        Assert.Null(filter.Until);
        Assert.True(filter.Matches(Now, NoLabels));
        Assert.True(filter.Matches(Now.AddYears(-3), new Dictionary<string, string> { ["a"] = "b" }));
    }

    [Theory]
    [InlineData("""{"until":{"24h":true}}""")]
    [InlineData("""{"until":["24h"]}""")]
    [InlineData("""{"until":{"1440m":true}}""")]
    public void Until_as_a_duration_counts_back_from_now_and_keeps_younger_containers(string filters)
    {
        var filter = Parse(filters);
        Assert.Equal(Now.AddHours(-24), filter.Until);
        Assert.True(filter.Matches(Now.AddHours(-25), NoLabels));
        Assert.True(filter.Matches(Now.AddHours(-24), NoLabels));
        Assert.False(filter.Matches(Now.AddHours(-23), NoLabels));
    }

    [Theory]
    [InlineData("1h30m", -90 * 60.0)]
    [InlineData("1.5h", -90 * 60.0)]
    [InlineData("500ms", -0.5)]
    [InlineData("-10s", 10.0)]
    public void Go_durations_of_every_unit(string value, double seconds)
    {
        Assert.True(DockerTimestamp.TryParse(value, Now, out var at));
        Assert.Equal(Now.AddSeconds(seconds), at);
    }

    [Theory]
    [InlineData("1796472000", "2026-12-05T12:00:00+00:00")]
    [InlineData("1796472000.5", "2026-12-05T12:00:00.5+00:00")]
    [InlineData("1796472000.000000001", "2026-12-05T12:00:00+00:00")]
    [InlineData("2026-12-05T12:00:00Z", "2026-12-05T12:00:00+00:00")]
    [InlineData("2026-12-05T14:00:00+02:00", "2026-12-05T12:00:00+00:00")]
    [InlineData("2026-12-05T12:00:00.25Z", "2026-12-05T12:00:00.25+00:00")]
    public void Absolute_times_as_unix_seconds_or_rfc_3339(string value, string expected)
    {
        Assert.True(DockerTimestamp.TryParse(value, Now, out var at));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
    }

    [Theory]
    [InlineData("2026-12-05")]
    [InlineData("2026-12-05T12")]
    [InlineData("2026-12-05T12:30")]
    [InlineData("2026-12-05T12:30:15")]
    public void Dates_without_a_zone_are_local_times(string value)
    {
        Assert.True(DockerTimestamp.TryParse(value, Now, out var at));
        Assert.Equal(TimeZoneInfo.Local.GetUtcOffset(at.DateTime), at.Offset);
    }

    [Theory]
    [InlineData("""{"until":{"yesterday":true}}""", "failed to parse value as time or duration: \"yesterday\"")]
    [InlineData("""{"until":{"2026-13-45":true}}""", "failed to parse value as time or duration: \"2026-13-45\"")]
    [InlineData("""{"until":{"1h":true,"2h":true}}""", "more than one until filter specified")]
    [InlineData("""{"status":{"exited":true}}""", "invalid filter 'status'")]
    [InlineData("""{"label":{"a":true},"dangling":{"true":true}}""", "invalid filter 'dangling'")]
    [InlineData("""not json""", "invalid filter: ")]
    [InlineData("""["label"]""", "invalid filter: filters should be a JSON object")]
    public void Unusable_filters_are_refused_in_dockerds_words(string filters, string error)
    {
        Assert.Null(ContainerPruneFilter.TryParse(filters, Now, out string? message));
        Assert.StartsWith(error, message);
    }

    [Fact]
    public void Label_filters_all_have_to_match_by_key_or_key_and_value()
    {
        var filter = Parse("""{"label":{"tier":true,"env=prod":true}}""");
        Assert.True(filter.Matches(Now, new Dictionary<string, string> { ["tier"] = "web", ["env"] = "prod", ["x"] = "y" }));
        Assert.False(filter.Matches(Now, new Dictionary<string, string> { ["tier"] = "web", ["env"] = "dev" }));
        Assert.False(filter.Matches(Now, new Dictionary<string, string> { ["env"] = "prod" }));
        Assert.False(filter.Matches(Now, NoLabels));
    }

    [Fact]
    public void Negated_labels_keep_a_container_that_matches_all_of_them_as_dockerd_reads_label_bang()
    {
        var filter = Parse("""{"label!":{"keep":true}}""");
        Assert.False(filter.Matches(Now, new Dictionary<string, string> { ["keep"] = "yes" }));
        Assert.True(filter.Matches(Now, new Dictionary<string, string> { ["other"] = "yes" }));
        Assert.True(filter.Matches(Now, NoLabels));

        // dockerd keeps a container only when every label! matches (MatchKVList), not any one of them.
        var both = Parse("""{"label!":{"keep":true,"env=prod":true}}""");
        Assert.True(both.Matches(Now, new Dictionary<string, string> { ["keep"] = "yes" }));
        Assert.False(both.Matches(Now, new Dictionary<string, string> { ["keep"] = "yes", ["env"] = "prod" }));
    }

    [Fact]
    public void Label_until_and_negated_labels_combine()
    {
        var filter = Parse("""{"label":{"app=web":true},"label!":{"keep":true},"until":{"1h":true}}""");
        var web = new Dictionary<string, string> { ["app"] = "web" };
        Assert.True(filter.Matches(Now.AddHours(-2), web));
        Assert.False(filter.Matches(Now.AddMinutes(-30), web));
        Assert.False(filter.Matches(Now.AddHours(-2), new Dictionary<string, string> { ["app"] = "web", ["keep"] = "1" }));
        Assert.False(filter.Matches(Now.AddHours(-2), new Dictionary<string, string> { ["app"] = "db" }));
    }
}
