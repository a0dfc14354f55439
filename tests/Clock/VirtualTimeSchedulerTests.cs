using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>The scheduler on its own, without an ActorSystem: ordering, exact times, cancellation, draining.</summary>
public class VirtualTimeSchedulerTests
{
    private static readonly DateTimeOffset Epoch = VirtualTimeScheduler.Epoch;
    private readonly VirtualTimeScheduler _scheduler = new();
    private readonly List<Seen> _seen = [];

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private void Record(string name) => _seen.Add(new Seen(name, _scheduler.Now));

    private string Trace() => string.Join(" ", _seen);

    [Fact]
    public void Starts_at_the_epoch_and_clocks_follow_virtual_time_only()
    {
        Assert.Equal(Epoch, _scheduler.Now);
        Assert.Equal(TimeSpan.Zero, _scheduler.MonotonicClock);
        Assert.Equal(TimeSpan.Zero, _scheduler.HighResMonotonicClock);

        _scheduler.Advance(S(1.5));

        Assert.Equal(Epoch + S(1.5), _scheduler.Now);
        Assert.Equal(S(1.5), _scheduler.MonotonicClock);
        Assert.Equal(S(1.5), _scheduler.HighResMonotonicClock);
        Assert.Equal(S(1.5), _scheduler.Elapsed);
    }

    [Fact]
    public void Each_item_runs_at_its_exact_due_time_and_the_advance_ends_at_its_target()
    {
        _scheduler.ScheduleOnce(S(2.25), () => Record("b"));
        _scheduler.ScheduleOnce(S(1.5), () => Record("a"));
        _scheduler.ScheduleOnce(S(10.5), () => Record("late"));

        var delivered = _scheduler.Advance(S(10));

        Assert.Equal(2, delivered);
        Assert.Equal("a@1.5s b@2.25s", Trace());
        Assert.Equal(Epoch + S(10), _scheduler.Now);
        Assert.Equal(Epoch + S(10.5), _scheduler.NextDueTime);
    }

    [Fact]
    public void Items_due_at_the_same_instant_run_in_scheduling_order_whatever_their_kind()
    {
        var target = new RecordingTarget(_scheduler, _seen);
        _scheduler.ScheduleTellOnce(S(2), target, "a", ActorRefs.NoSender);
        _scheduler.ScheduleOnce(S(2), () => Record("b"));
        _scheduler.Advanced.ScheduleOnce(S(2), new RecordingRunnable(_scheduler, _seen, "c"));
        _scheduler.ScheduleTellOnce(S(2), target, "d", ActorRefs.NoSender);
        _scheduler.ScheduleOnce(S(1), () => Record("x")); // scheduled later but due earlier
        _scheduler.ScheduleOnce(S(2), () => Record("e"));
        _scheduler.ScheduleTellOnce(S(1), target, "y", ActorRefs.NoSender);

        _scheduler.Advance(S(5));

        Assert.Equal("x@1s y@1s a@2s b@2s c@2s d@2s e@2s", Trace());
    }

    [Fact]
    public void Items_scheduled_during_a_delivery_and_due_by_the_target_run_in_the_same_advance()
    {
        _scheduler.ScheduleOnce(S(1), () =>
        {
            Record("first");
            _scheduler.ScheduleOnce(S(2), () => Record("plus2"));
            _scheduler.ScheduleOnce(TimeSpan.Zero, () => Record("same-instant"));
            _scheduler.ScheduleOnce(S(10), () => Record("after-target"));
        });
        _scheduler.ScheduleOnce(S(1), () => Record("second"));

        _scheduler.Advance(S(5));

        // The zero-delay item queues behind "second", which was already due at that instant.
        Assert.Equal("first@1s second@1s same-instant@1s plus2@3s", Trace());
        Assert.Equal(Epoch + S(5), _scheduler.Now);
        Assert.Equal(Epoch + S(11), _scheduler.NextDueTime);
    }

    [Fact]
    public void Repeating_items_reenqueue_at_due_plus_interval()
    {
        _scheduler.ScheduleRepeatedly(S(1), S(2), () => Record("r"));

        _scheduler.Advance(S(6));
        Assert.Equal("r@1s r@3s r@5s", Trace());

        _scheduler.Advance(S(0.5));
        Assert.Equal(3, _seen.Count);
        _scheduler.Advance(S(0.5));
        Assert.Equal("r@1s r@3s r@5s r@7s", Trace());
    }

    [Fact]
    public void A_repeating_tell_can_be_cancelled_and_is_then_dropped()
    {
        var target = new RecordingTarget(_scheduler, _seen);
        var cancelable = new Cancelable((IScheduler)_scheduler);
        _scheduler.ScheduleTellRepeatedly(S(1), S(1), target, "tick", ActorRefs.NoSender, cancelable);

        _scheduler.Advance(S(2.5));
        cancelable.Cancel();
        _scheduler.Advance(S(5));

        Assert.Equal("tick@1s tick@2s", Trace());
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void ScheduleOnce_with_an_action_honours_its_cancelable()
    {
        var cancelled = new Cancelable((IScheduler)_scheduler);
        var kept = new Cancelable((IScheduler)_scheduler);
        _scheduler.ScheduleOnce(S(1), () => Record("cancelled"), cancelled);
        _scheduler.ScheduleOnce(S(1), () => Record("kept"), kept);
        _scheduler.Advanced.ScheduleOnce(S(1), new RecordingRunnable(_scheduler, _seen, "runnable-cancelled"), cancelled);

        cancelled.Cancel();
        _scheduler.Advance(S(2));

        Assert.Equal("kept@1s", Trace());
    }

    [Fact]
    public void Cancelled_items_are_skipped_lazily_by_NextDueTime_and_dropped_by_PurgeCancelled()
    {
        var early = new Cancelable((IScheduler)_scheduler);
        var middle = new Cancelable((IScheduler)_scheduler);
        _scheduler.ScheduleOnce(S(1), () => Record("early"), early);
        _scheduler.ScheduleOnce(S(2), () => Record("middle"), middle);
        _scheduler.ScheduleOnce(S(3), () => Record("late"));

        middle.Cancel();
        Assert.Equal(3, _scheduler.PendingCount); // nothing dropped yet: cancellation is lazy
        Assert.Equal(1, _scheduler.PurgeCancelled());
        Assert.Equal(2, _scheduler.PendingCount);

        early.Cancel();
        Assert.Equal(Epoch + S(3), _scheduler.NextDueTime);
        Assert.Equal(1, _scheduler.PendingCount);
        Assert.Equal(Epoch, _scheduler.Now); // looking ahead does not move time
    }

    [Fact]
    public void Cancelled_items_are_dropped_once_the_queue_has_doubled_and_the_live_ones_still_run_in_order()
    {
        // Every tenth item stays; the others are cancelled at once, as timers of answered callers are.
        var n = VirtualTimeScheduler.MinPurgeAt;
        for (var i = 0; i < n; i++)
        {
            var cancelable = new Cancelable((IScheduler)_scheduler);
            var at = i; // the same delay for many: they share a lane
            _scheduler.ScheduleOnce(S(300), () => Record($"t{at}"), cancelable);
            if (i % 10 != 0) cancelable.Cancel();
        }
        Assert.Equal(n, _scheduler.PendingCount); // not yet: small queues are left alone

        _scheduler.ScheduleOnce(S(301), () => Record("last"));
        var live = (n + 9) / 10 + 1;
        Assert.Equal(live, _scheduler.PendingCount);

        _scheduler.Advance(S(301));
        var expected = Enumerable.Range(0, n).Where(i => i % 10 == 0).Select(i => $"t{i}@300s").Append("last@301s");
        Assert.Equal(string.Join(" ", expected), Trace());
    }

    [Fact]
    public void A_cancel_made_by_an_earlier_delivery_in_the_same_advance_prevents_the_later_one()
    {
        var later = new Cancelable((IScheduler)_scheduler);
        _scheduler.ScheduleOnce(S(1), () => { Record("canceller"); later.Cancel(); });
        _scheduler.ScheduleOnce(S(2), () => Record("later"), later);

        _scheduler.Advance(S(3));

        Assert.Equal("canceller@1s", Trace());
    }

    [Fact]
    public void RunNext_runs_one_due_item_and_leaves_time_at_its_due_time()
    {
        _scheduler.ScheduleOnce(S(1), () => Record("a"));
        _scheduler.ScheduleOnce(S(2), () => Record("b"));

        Assert.False(_scheduler.RunNext(Epoch + S(0.5)));
        Assert.Equal(Epoch, _scheduler.Now);

        Assert.True(_scheduler.RunNext(Epoch + S(5)));
        Assert.Equal(Epoch + S(1), _scheduler.Now);
        Assert.Equal("a@1s", Trace());
    }

    [Fact]
    public void RunUntilIdle_drains_a_chain_and_stops_at_its_last_item()
    {
        var remaining = 5;
        void Step()
        {
            Record("step");
            if (--remaining > 0)
                _scheduler.ScheduleOnce(TimeSpan.FromHours(1), Step);
        }
        _scheduler.ScheduleOnce(TimeSpan.FromHours(1), Step);

        Assert.True(_scheduler.RunUntilIdle());

        Assert.Equal(5, _seen.Count);
        Assert.Equal(Epoch + TimeSpan.FromHours(5), _scheduler.Now);
        Assert.Null(_scheduler.NextDueTime);
    }

    [Fact]
    public void RunUntilIdle_with_a_limit_stops_before_items_due_after_it()
    {
        _scheduler.ScheduleRepeatedly(S(1), S(1), () => Record("r"));

        Assert.False(_scheduler.RunUntilIdle(Epoch + S(3.5)));

        Assert.Equal("r@1s r@2s r@3s", Trace());
        Assert.Equal(Epoch + S(3), _scheduler.Now);
    }

    [Fact]
    public void Zero_delay_items_wait_for_the_next_advance_even_a_zero_one()
    {
        _scheduler.Advance(S(1));
        _scheduler.ScheduleOnce(TimeSpan.Zero, () => Record("now"));

        Assert.Empty(_seen);
        Assert.Equal(1, _scheduler.Advance(TimeSpan.Zero));
        Assert.Equal("now@1s", Trace());
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        _scheduler.Advance(S(2));

        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.AdvanceTo(Epoch + S(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.Advance(S(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.ScheduleOnce(S(-1), () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.ScheduleRepeatedly(S(1), TimeSpan.Zero, () => { }));
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void A_huge_delay_parks_the_item_at_the_end_of_time_instead_of_overflowing()
    {
        _scheduler.ScheduleOnce(TimeSpan.MaxValue, () => Record("never"));

        Assert.Equal(DateTimeOffset.MaxValue, _scheduler.NextDueTime);
        Assert.Equal(0, _scheduler.Advance(TimeSpan.FromDays(365)));
    }
}
