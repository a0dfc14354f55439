using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>
/// IWithTimers actors on the synchronous dispatcher, driven by the virtual-time scheduler; each case on
/// Akka's timers and on the engine's <see cref="ActorTimers"/>, which must behave the same.
/// </summary>
public class ActorTimerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset Epoch = VirtualTimeScheduler.Epoch;
    private readonly List<Seen> _seen = [];

    public ActorTimerTests() : base(VirtualTime.Config)
    {
    }

    private VirtualTimeScheduler Scheduler => VirtualTime.Of(Sys);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private string Trace() => string.Join(" ", _seen);

    [Fact]
    public void The_system_runs_on_the_virtual_scheduler_from_the_epoch()
    {
        Assert.Same(Sys.Scheduler, Scheduler);
        Assert.Equal(Epoch, Sys.Scheduler.Now);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_timer_is_seen_at_its_exact_due_time_not_at_the_end_of_the_advance(bool engineTimers)
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen, engineTimers));
        actor.Tell(new StartSingle("a", S(1.5)));
        actor.Tell(new StartSingle("b", S(2.25)));
        actor.Tell(new StartPeriodic("tick", S(1)));

        Scheduler.Advance(S(10));

        Assert.Equal(
            "tick@1s a@1.5s tick@2s b@2.25s tick@3s tick@4s tick@5s tick@6s tick@7s tick@8s tick@9s tick@10s",
            Trace());
        Assert.Equal(Epoch + S(10), Scheduler.Now);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_advance_delivers_exactly_the_timers_due_by_its_target(bool engineTimers)
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen, engineTimers));
        actor.Tell(new StartSingle("a", S(1.5)));
        actor.Tell(new StartSingle("b", S(2.25)));
        actor.Tell(new StartPeriodic("tick", S(1)));

        Scheduler.AdvanceTo(Epoch + S(2));
        Assert.Equal("tick@1s a@1.5s tick@2s", Trace());

        Scheduler.AdvanceTo(Epoch + S(2.2));
        Assert.Equal(3, _seen.Count);

        Scheduler.AdvanceTo(Epoch + S(2.25));
        Assert.Equal("tick@1s a@1.5s tick@2s b@2.25s", Trace());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cancelling_a_keyed_timer_prevents_its_delivery(bool engineTimers)
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen, engineTimers));
        actor.Tell(new StartSingle("a", S(5)));
        actor.Tell(new StartSingle("b", S(5)));
        actor.Tell(new StartPeriodic("tick", S(1)));

        Scheduler.Advance(S(2.5));
        actor.Tell(new CancelTimer("a"));
        actor.Tell(new CancelTimer("tick"));
        Scheduler.Advance(S(10));

        Assert.Equal("tick@1s tick@2s b@5s", Trace());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Restarting_a_key_replaces_the_pending_timer(bool engineTimers)
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen, engineTimers));
        actor.Tell(new StartSingle("a", S(5)));

        Scheduler.Advance(S(3));
        actor.Tell(new StartSingle("a", S(4))); // now due at 7 s; the 5 s one is cancelled

        // The scheduler itself honours the cancel: the old entry is skipped, not delivered and discarded.
        Assert.Equal(Epoch + S(7), Scheduler.NextDueTime);
        Scheduler.Advance(S(3));
        Assert.Empty(_seen);

        Scheduler.Advance(S(2));
        Assert.Equal("a@7s", Trace());
    }

    [Fact]
    public void An_engine_timer_cancelled_or_replaced_after_it_fell_due_is_not_handled()
    {
        // The timer's message already delivered (here: to a probe standing in for the mailbox), then
        // the key is cancelled or started again before the actor gets to it.
        var probe = CreateTestProbe();
        var timers = new ActorTimers(probe.Ref, Scheduler);

        timers.StartSingleTimer("a", "payload-a", S(1));
        Scheduler.Advance(S(1));
        var fired = probe.ExpectMsg<object>(TimeSpan.Zero);
        timers.Cancel("a");
        Assert.False(timers.TryOpen(fired, out _));

        timers.StartSingleTimer("b", "first", S(1));
        Scheduler.Advance(S(1));
        var first = probe.ExpectMsg<object>(TimeSpan.Zero);
        timers.StartSingleTimer("b", "second", S(1));
        Assert.False(timers.TryOpen(first, out _));
        Scheduler.Advance(S(1));
        Assert.True(timers.TryOpen(probe.ExpectMsg<object>(TimeSpan.Zero), out var payload));
        Assert.Equal("second", payload);
        Assert.False(timers.IsTimerActive("b")); // a single timer is over once handled

        // Other messages pass through unchanged.
        Assert.True(timers.TryOpen("plain", out var plain));
        Assert.Equal("plain", plain);
    }

    [Fact]
    public void An_engine_periodic_timer_stays_active_until_cancelled_and_CancelAll_stops_everything()
    {
        var probe = CreateTestProbe();
        var timers = new ActorTimers(probe.Ref, Scheduler);
        timers.StartPeriodicTimer("tick", "tick", S(1));
        timers.StartSingleTimer("once", "once", S(10));

        Scheduler.Advance(S(3));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(timers.TryOpen(probe.ExpectMsg<object>(TimeSpan.Zero), out var tick));
            Assert.Equal("tick", tick);
        }
        Assert.Equal(["once", "tick"], timers.ActiveTimers.Order());

        timers.CancelAll();
        Assert.Empty(timers.ActiveTimers);
        Scheduler.Advance(S(20));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Null(Scheduler.NextDueTime); // the scheduler dropped them, it did not deliver them
    }
}
