using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>
/// The simulator's shape: 200,000 callers each holding a timer, driven through an 8-hour day in
/// one-second steps. No time is asserted; the point is that the suite stays quick (TestScheduler
/// needs about 30 s for this).
/// </summary>
public class CostTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Callers = 200_000;
    private const int Seconds = 28_800;

    public CostTests() : base(VirtualTime.Config)
    {
    }

    public sealed record Due(int Caller);

    public sealed class Counts
    {
        public int Fired;
        public int Ticks;
    }

    /// <summary>One keyed timer per caller, re-armed far beyond the day when it fires, plus a 1 s tick.</summary>
    public sealed class CallerTimers : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public CallerTimers(Counts counts)
        {
            for (var caller = 0; caller < Callers; caller++)
            {
                // Spread over the day, half a second off the advance grid.
                var delay = TimeSpan.FromSeconds(0.5 + (caller * 7_919L % (Seconds - 1)));
                Timers.StartSingleTimer(caller, new Due(caller), delay);
            }
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(1));

            Receive<Due>(m =>
            {
                counts.Fired++;
                Timers.StartSingleTimer(m.Caller, m, TimeSpan.FromHours(9));
            });
            Receive<string>(_ => counts.Ticks++);
        }
    }

    [Fact]
    public void Two_hundred_thousand_pending_timers_through_28800_one_second_advances()
    {
        var scheduler = VirtualTime.Of(Sys);
        var counts = new Counts();
        Sys.ActorOf(Props.Create(() => new CallerTimers(counts)).WithDispatcher(SynchronousDispatcher.Id));
        Assert.Equal(Callers + 1, scheduler.PendingCount);

        for (var second = 0; second < Seconds; second++)
            scheduler.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Callers, counts.Fired);
        Assert.Equal(Seconds, counts.Ticks);
        Assert.Equal(Callers + 1, scheduler.PendingCount);
        Assert.Equal(VirtualTimeScheduler.Epoch + TimeSpan.FromSeconds(Seconds), scheduler.Now);
    }
}
