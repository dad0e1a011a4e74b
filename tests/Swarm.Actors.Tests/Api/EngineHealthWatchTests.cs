using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Actors.Tests.Api;

/// <summary>Classic's engine_connect / engine_disconnect / engine_reconnect read off successive views of the engines.</summary>
public sealed class EngineHealthWatchTests
{
    private static readonly EngineSnapshot One = EngineSnapshots.Healthy("node-1");
    private static readonly EngineSnapshot Two = EngineSnapshots.Healthy("node-2");

    private static EngineSnapshot As(EngineSnapshot engine, EngineStatus status) => engine with { Health = engine.Health with { Status = status } };

    // A new engine actor (restarted, or on another manager) before it reached its engine: no ID, no name yet.
    private static EngineSnapshot Unvalidated(EngineSnapshot engine) => engine with { Id = "", Name = "", Health = EngineHealth.Pending(3) };

    private static List<string> Actions(IEnumerable<EngineHealthEvent> events) => [.. events.Select(e => $"{e.Action} {e.Engine.Name}")];

    [Fact]
    public void The_engines_of_the_first_view_are_the_starting_point()
    {
        var watch = new EngineHealthWatch([One, As(Two, EngineStatus.Unhealthy)]);
        Assert.Empty(watch.Next([One, As(Two, EngineStatus.Unhealthy)]));
    }

    [Fact]
    public void Healthy_to_unhealthy_and_back_is_a_disconnect_then_a_reconnect()
    {
        var watch = new EngineHealthWatch([One, Two]);
        Assert.Equal(["engine_disconnect node-2"], Actions(watch.Next([One, As(Two, EngineStatus.Unhealthy)])));
        Assert.Empty(watch.Next([One, As(Two, EngineStatus.Unhealthy)]));
        var back = watch.Next([One, Two]);
        Assert.Equal(["engine_reconnect node-2"], Actions(back));
        Assert.Equal(Two.Id, back[0].Engine.Id);
        Assert.Empty(watch.Next([One, Two]));
    }

    [Fact]
    public void An_engine_unhealthy_when_the_stream_opened_reconnects()
    {
        var watch = new EngineHealthWatch([One, As(Two, EngineStatus.Unhealthy)]);
        Assert.Equal(["engine_reconnect node-2"], Actions(watch.Next([One, Two])));
    }

    [Fact]
    public void An_engine_first_seen_healthy_or_validated_for_the_first_time_connects()
    {
        var watch = new EngineHealthWatch([One, Unvalidated(Two)]);
        Assert.Empty(watch.Next([One, Unvalidated(Two)]));
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Two])));

        var another = new EngineHealthWatch([One]);
        Assert.Equal(["engine_connect node-2"], Actions(another.Next([One, Two])));
    }

    [Fact]
    public void A_new_engine_seen_pending_first_connects_when_healthy()
    {
        var watch = new EngineHealthWatch([One]);
        Assert.Empty(watch.Next([One, Unvalidated(Two)]));
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Two])));
    }

    [Fact]
    public void An_actor_restarted_after_its_engine_was_healthy_disconnects_then_reconnects_under_its_known_id()
    {
        var watch = new EngineHealthWatch([One, Two]);
        var gone = watch.Next([One, Unvalidated(Two)]);
        Assert.Equal(["engine_disconnect node-2"], Actions(gone));
        Assert.Equal(Two.Id, gone[0].Engine.Id);
        Assert.Equal(EngineStatus.Pending, gone[0].Engine.Health.Status);
        Assert.Equal(["engine_reconnect node-2"], Actions(watch.Next([One, Two])));
    }

    [Fact]
    public void An_engine_missing_from_one_view_only_is_not_gone()
    {
        var watch = new EngineHealthWatch([One, Two]);
        Assert.Empty(watch.Next([One]));
        Assert.Empty(watch.Next([One, Two]));
        Assert.Empty(watch.Next([One]));
        Assert.Empty(watch.Next([One, Two]));
    }

    [Fact]
    public void An_engine_missing_from_views_in_a_row_disconnects_once_and_connects_if_it_returns()
    {
        var watch = new EngineHealthWatch([One, Two], missingViewsBeforeGone: 2);
        Assert.Empty(watch.Next([One]));
        var gone = watch.Next([One]);
        Assert.Equal(["engine_disconnect node-2"], Actions(gone));
        Assert.Equal(EngineStatus.Disconnected, gone[0].Engine.Health.Status);
        Assert.Empty(watch.Next([One]));
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Two])));
    }

    [Fact]
    public void An_unhealthy_engine_that_goes_away_says_nothing_more()
    {
        var watch = new EngineHealthWatch([One, As(Two, EngineStatus.Unhealthy)], missingViewsBeforeGone: 1);
        Assert.Empty(watch.Next([One]));
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Two])));
    }

    [Fact]
    public void Removed_from_discovery_disconnects_and_a_return_is_a_new_connection()
    {
        var watch = new EngineHealthWatch([One, Two]);
        Assert.Equal(["engine_disconnect node-2"], Actions(watch.Next([One, As(Two, EngineStatus.Disconnected)])));
        Assert.Empty(watch.Next([One, As(Two, EngineStatus.Disconnected)]));
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Unvalidated(Two)]).Concat(watch.Next([One, Two]))));
    }

    [Fact]
    public void Several_engines_change_in_one_view()
    {
        var watch = new EngineHealthWatch([One, As(Two, EngineStatus.Unhealthy)]);
        Assert.Equal(["engine_disconnect node-1", "engine_reconnect node-2"], Actions(watch.Next([As(One, EngineStatus.Unhealthy), Two])));
    }

    [Fact]
    public void The_same_engine_twice_in_a_view_counts_once()
    {
        var watch = new EngineHealthWatch([One]);
        Assert.Equal(["engine_connect node-2"], Actions(watch.Next([One, Two, Two])));
    }
}
