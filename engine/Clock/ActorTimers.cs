using Akka.Actor;

namespace QueueEngine.Clock;

/// <summary>
/// An actor's keyed timers, with the semantics of Akka's <c>TimerScheduler</c> (starting a key again
/// replaces its timer; a cancelled or replaced timer's message is never received, even one already in
/// the mailbox) at a fraction of its cost: one small object per timer, which is at once the message the
/// scheduler delivers and its cancel handle, instead of a timer, a wrapper message, a cancelable and a
/// <see cref="CancellationTokenSource"/>. The engine starts five timers per caller, so at simulation
/// speed this is a fifth of everything allocated.
/// </summary>
/// <remarks>
/// The actor implements <see cref="IWithTimers"/>, sets <c>Timers = new ActorTimers(Self, scheduler)</c>
/// in its constructor (replacing the one <see cref="ActorBase"/> made) and lets
/// <see cref="TryOpen"/> unwrap each received message in <c>AroundReceive</c>. Akka still cancels all
/// of them when the actor stops or restarts. Not thread-safe: only the owning actor uses it.
/// </remarks>
public sealed class ActorTimers(IActorRef self, IScheduler scheduler) : ITimerScheduler
{
    private readonly Dictionary<object, Fired> _active = new();

    public IReadOnlyCollection<object> ActiveTimers => _active.Keys;

    public bool IsTimerActive(object key) => _active.ContainsKey(key);

    public void StartSingleTimer(object key, object msg, TimeSpan timeout) => StartSingleTimer(key, msg, timeout, ActorRefs.NoSender!);

    public void StartSingleTimer(object key, object msg, TimeSpan timeout, IActorRef sender)
    {
        var fired = Replace(key, msg, periodic: false);
        scheduler.ScheduleTellOnce(timeout, self, fired, sender, fired);
    }

    public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => StartPeriodicTimer(key, msg, interval, interval, ActorRefs.NoSender!);

    public void StartPeriodicTimer(object key, object msg, TimeSpan interval, IActorRef sender) => StartPeriodicTimer(key, msg, interval, interval, sender);

    public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval) =>
        StartPeriodicTimer(key, msg, initialDelay, interval, ActorRefs.NoSender!);

    public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval, IActorRef sender)
    {
        var fired = Replace(key, msg, periodic: true);
        scheduler.ScheduleTellRepeatedly(initialDelay, interval, self, fired, sender, fired);
    }

    public void Cancel(object key)
    {
        if (_active.Remove(key, out var fired)) fired.Cancel();
    }

    public void CancelAll()
    {
        foreach (var fired in _active.Values) fired.Cancel();
        _active.Clear();
    }

    /// <summary>
    /// What the actor should handle for <paramref name="message"/>: itself, or the payload of a timer of
    /// this actor's that is still current. False for a timer that was cancelled or replaced after it
    /// fired (drop it).
    /// </summary>
    public bool TryOpen(object message, out object payload)
    {
        payload = message;
        if (message is not Fired fired) return true;
        if (!_active.TryGetValue(fired.Key, out var current) || !ReferenceEquals(current, fired)) return false;
        if (!fired.Periodic) _active.Remove(fired.Key);
        payload = fired.Message;
        return true;
    }

    private Fired Replace(object key, object msg, bool periodic)
    {
        var fired = new Fired(key, msg, periodic);
        if (_active.Remove(key, out var previous)) previous.Cancel();
        _active[key] = fired;
        return fired;
    }

    /// <summary>A timer: the message the scheduler delivers, and its cancel handle.</summary>
    private sealed class Fired(object key, object message, bool periodic) : TimerHandle
    {
        public object Key { get; } = key;
        public object Message { get; } = message;
        public bool Periodic { get; } = periodic;

        public override string ToString() => $"Timer({Key}: {Message})";
    }
}
