using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>IWithTimers actors on the synchronous dispatcher, driven by the virtual-time scheduler.</summary>
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

    [Fact]
    public void Each_timer_is_seen_at_its_exact_due_time_not_at_the_end_of_the_advance()
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen));
        actor.Tell(new StartSingle("a", S(1.5)));
        actor.Tell(new StartSingle("b", S(2.25)));
        actor.Tell(new StartPeriodic("tick", S(1)));

        Scheduler.Advance(S(10));

        Assert.Equal(
            "tick@1s a@1.5s tick@2s b@2.25s tick@3s tick@4s tick@5s tick@6s tick@7s tick@8s tick@9s tick@10s",
            Trace());
        Assert.Equal(Epoch + S(10), Scheduler.Now);
    }

    [Fact]
    public void An_advance_delivers_exactly_the_timers_due_by_its_target()
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen));
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

    [Fact]
    public void Cancelling_a_keyed_timer_prevents_its_delivery()
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen));
        actor.Tell(new StartSingle("a", S(5)));
        actor.Tell(new StartSingle("b", S(5)));
        actor.Tell(new StartPeriodic("tick", S(1)));

        Scheduler.Advance(S(2.5));
        actor.Tell(new CancelTimer("a"));
        actor.Tell(new CancelTimer("tick"));
        Scheduler.Advance(S(10));

        Assert.Equal("tick@1s tick@2s b@5s", Trace());
    }

    [Fact]
    public void Restarting_a_key_replaces_the_pending_timer()
    {
        var actor = Sys.ActorOf(TimerActor.Props(_seen));
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
}
