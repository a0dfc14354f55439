using Akka.Actor;
using Akka.Dispatch;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

public sealed record StartSingle(string Key, TimeSpan Delay);

public sealed record StartPeriodic(string Key, TimeSpan Interval);

public sealed record CancelTimer(string Key);

/// <summary>What a test actor saw: the message and the virtual time it saw it at.</summary>
public sealed record Seen(string What, DateTimeOffset At)
{
    public override string ToString() => $"{What}@{(At - VirtualTimeScheduler.Epoch).TotalSeconds}s";
}

/// <summary>
/// Starts and cancels keyed timers on command and records each timer message with the scheduler's
/// <c>Now</c> at the moment it is handled; on Akka's timers, or on the engine's <see cref="ActorTimers"/>.
/// </summary>
public sealed class TimerActor : ReceiveActor, IWithTimers
{
    private readonly ActorTimers? _engineTimers;

    public ITimerScheduler Timers { get; set; } = null!;

    public TimerActor(List<Seen> seen, bool engineTimers)
    {
        if (engineTimers) Timers = _engineTimers = new ActorTimers(Self, Context.System.Scheduler);
        Receive<StartSingle>(m => Timers.StartSingleTimer(m.Key, m.Key, m.Delay));
        Receive<StartPeriodic>(m => Timers.StartPeriodicTimer(m.Key, m.Key, m.Interval));
        Receive<CancelTimer>(m => Timers.Cancel(m.Key));
        Receive<string>(key => seen.Add(new Seen(key, Context.System.Scheduler.Now)));
    }

    protected override bool AroundReceive(Receive receive, object message) =>
        _engineTimers is null ? base.AroundReceive(receive, message)
        : !_engineTimers.TryOpen(message, out var payload) || base.AroundReceive(receive, payload);

    public static Props Props(List<Seen> seen, bool engineTimers = false) =>
        Akka.Actor.Props.Create(() => new TimerActor(seen, engineTimers)).WithDispatcher(SynchronousDispatcher.Id);
}

/// <summary>A plain <see cref="ICanTell"/> target that records what the scheduler delivers and when.</summary>
public sealed class RecordingTarget(VirtualTimeScheduler scheduler, List<Seen> seen) : ICanTell
{
    public void Tell(object message, IActorRef sender) => seen.Add(new Seen((string)message, scheduler.Now));
}

/// <summary>An <see cref="IRunnable"/> that records when it runs.</summary>
public sealed class RecordingRunnable(VirtualTimeScheduler scheduler, List<Seen> seen, string name) : IRunnable
{
    public void Run() => seen.Add(new Seen(name, scheduler.Now));

    public void Execute() => Run();
}
