using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace QueueEngine.Clock;

/// <summary>
/// An Akka scheduler on virtual time: nothing fires until a driver calls <see cref="Advance"/>,
/// <see cref="AdvanceTo"/>, <see cref="RunNext"/> or <see cref="RunUntilIdle"/>. Due items run one by one,
/// earliest first and, at the same instant, in the order they were scheduled; <see cref="Now"/> is set
/// to each item's exact due time while it runs. Select it with
/// <c>akka.scheduler.implementation = "QueueEngine.Clock.VirtualTimeScheduler, QueueEngine.Engine"</c>
/// (see <see cref="VirtualTime.Config"/>).
/// </summary>
/// <remarks>
/// Thread-safe: Akka may schedule from any thread. Items are delivered on the thread that advances
/// time and outside the lock, so a delivery may schedule again without deadlock. Only the driver
/// advances time: calls from inside an actor on the <see cref="SynchronousDispatcher"/> are refused.
/// Exceptions thrown by a scheduled action propagate to the caller of the advance; the item has already
/// been consumed, so the next advance resumes cleanly.
/// </remarks>
public sealed class VirtualTimeScheduler : IScheduler, IAdvancedScheduler
{
    /// <summary>The instant virtual time starts at: 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    private readonly Lock _gate = new();
    private readonly PriorityQueue<Item, DueKey> _queue = new(); // default comparer: devirtualized for a struct key
    private long _nowTicks = Epoch.UtcTicks; // written under _gate, read lock-free
    private long _sequence;                  // insertion order, the tie-breaker at equal due ticks

    /// <summary>The constructor Akka calls when the scheduler is set through HOCON; both arguments are unused.</summary>
    public VirtualTimeScheduler(Config config, ILoggingAdapter log)
    {
    }

    /// <summary>A scheduler outside any ActorSystem, for driving plain actions and tells in unit tests.</summary>
    public VirtualTimeScheduler()
    {
    }

    /// <summary>Current virtual time. Never reads the machine clock.</summary>
    public DateTimeOffset Now => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <summary>Virtual time elapsed since <see cref="Epoch"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _nowTicks) - Epoch.UtcTicks);

    /// <summary>Virtual elapsed time, so Akka code measuring durations measures virtual ones.</summary>
    public TimeSpan MonotonicClock => Elapsed;

    /// <inheritdoc cref="MonotonicClock"/>
    public TimeSpan HighResMonotonicClock => Elapsed;

    /// <inheritdoc/>
    public IAdvancedScheduler Advanced => this;

    /// <summary>
    /// Entries in the queue, including cancelled ones not yet dropped (they are dropped lazily when they
    /// reach the head, or at once by <see cref="PurgeCancelled"/>).
    /// </summary>
    public int PendingCount
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Due time of the earliest live item, or null when nothing is pending.</summary>
    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (_gate)
            {
                while (_queue.TryPeek(out var item, out var key))
                {
                    if (!item.IsCancelled)
                        return new DateTimeOffset(key.DueTicks, TimeSpan.Zero);
                    _queue.Dequeue();
                }
                return null;
            }
        }
    }

    /// <summary>
    /// Runs the earliest live item if it is due at or before <paramref name="limit"/>, setting
    /// <see cref="Now"/> to its due time first. Returns false (and runs nothing) when none is due.
    /// </summary>
    public bool RunNext(DateTimeOffset limit)
    {
        EnsureCalledByTheDriver();
        return TryRunNext(limit);
    }

    private bool TryRunNext(DateTimeOffset limit)
    {
        Item item;
        lock (_gate)
        {
            var limitTicks = limit.UtcTicks;
            while (true)
            {
                if (!_queue.TryPeek(out var head, out var key) || key.DueTicks > limitTicks)
                    return false;
                _queue.Dequeue();
                if (head.IsCancelled)
                    continue;
                item = head;

                // Time never runs backwards: an item made due "now" by a zero delay is due at Now.
                if (key.DueTicks > _nowTicks)
                    Volatile.Write(ref _nowTicks, key.DueTicks);
                if (item.IntervalTicks > 0)
                    _queue.Enqueue(item, new DueKey(SaturatingAdd(key.DueTicks, item.IntervalTicks), _sequence++));
                break;
            }
        }
        item.Deliver(); // outside the lock: the delivery may schedule again
        return true;
    }

    /// <summary>
    /// Runs, in order, every item due at or before <paramref name="target"/> (including ones scheduled
    /// by those deliveries), each at its exact due time; then sets <see cref="Now"/> to the target.
    /// Returns how many items were delivered.
    /// </summary>
    public int AdvanceTo(DateTimeOffset target)
    {
        if (target.UtcTicks < Volatile.Read(ref _nowTicks))
            throw new ArgumentOutOfRangeException(nameof(target), target, $"Virtual time cannot go back from {Now:O}.");
        EnsureCalledByTheDriver();

        var delivered = 0;
        while (TryRunNext(target))
            delivered++;

        lock (_gate)
        {
            if (target.UtcTicks > _nowTicks)
                Volatile.Write(ref _nowTicks, target.UtcTicks);
        }
        return delivered;
    }

    /// <summary>Advances virtual time by <paramref name="delta"/>; see <see cref="AdvanceTo"/>.</summary>
    public int Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Virtual time cannot go back.");
        return AdvanceTo(new DateTimeOffset(SaturatingAdd(Volatile.Read(ref _nowTicks), delta.Ticks), TimeSpan.Zero));
    }

    /// <summary>
    /// Runs items in order until none is pending (true) or the next one is due after
    /// <paramref name="limit"/> (false). Unlike <see cref="AdvanceTo"/>, <see cref="Now"/> stays at the
    /// last item's due time. Without a limit, a live periodic timer makes this run forever.
    /// </summary>
    public bool RunUntilIdle(DateTimeOffset? limit = null)
    {
        EnsureCalledByTheDriver();
        var limitValue = limit ?? DateTimeOffset.MaxValue;
        while (TryRunNext(limitValue))
        {
        }
        return NextDueTime is null;
    }

    /// <summary>Drops cancelled entries now (O(n)); returns how many were dropped.</summary>
    public int PurgeCancelled()
    {
        lock (_gate)
        {
            var live = new List<(Item, DueKey)>(_queue.Count);
            foreach (var entry in _queue.UnorderedItems)
            {
                if (!entry.Element.IsCancelled)
                    live.Add((entry.Element, entry.Priority));
            }
            var dropped = _queue.Count - live.Count;
            if (dropped > 0)
            {
                _queue.Clear();
                _queue.EnqueueRange(live);
            }
            return dropped;
        }
    }

    // Advancing from inside a synchronous actor would queue the deliveries behind the running message
    // (the dispatcher's trampoline) while time moved on, so actors would see the wrong Now.
    private static void EnsureCalledByTheDriver()
    {
        if (SynchronousDispatcher.IsRunningOnThisThread)
            throw new InvalidOperationException(
                "Virtual time can only be advanced by the driver, not from inside an actor on the synchronous dispatcher.");
    }

    // ---- ITellScheduler (a null sender is Akka's NoSender) ----

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        Add(delay, null, Item.ForTell(receiver, message, sender, null));

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable cancelable) =>
        Add(delay, null, Item.ForTell(receiver, message, sender, cancelable));

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender) =>
        Add(initialDelay, interval, Item.ForTell(receiver, message, sender, null));

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable cancelable) =>
        Add(initialDelay, interval, Item.ForTell(receiver, message, sender, cancelable));

    // ---- IActionScheduler ----

    public void ScheduleOnce(TimeSpan delay, Action action) =>
        Add(delay, null, Item.ForAction(action, null));

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, null, Item.ForAction(action, cancelable));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Add(initialDelay, interval, Item.ForAction(action, null));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, Item.ForAction(action, cancelable));

    // ---- IRunnableScheduler ----

    public void ScheduleOnce(TimeSpan delay, IRunnable action) =>
        Add(delay, null, Item.ForRunnable(action, null));

    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, null, Item.ForRunnable(action, cancelable));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) =>
        Add(initialDelay, interval, Item.ForRunnable(action, null));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, Item.ForRunnable(action, cancelable));

    private void Add(TimeSpan delay, TimeSpan? interval, Item item)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "Delay must be >= 0.");
        if (interval is { } every)
        {
            // A zero interval would make an advance loop forever at one instant.
            if (every <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(interval), every, "Interval must be > 0.");
            item.IntervalTicks = every.Ticks;
        }

        lock (_gate)
            _queue.Enqueue(item, new DueKey(SaturatingAdd(_nowTicks, delay.Ticks), _sequence++));
    }

    // Huge delays (TimeSpan.MaxValue) park the item at the end of time instead of overflowing.
    private static long SaturatingAdd(long ticks, long delta) => delta >= MaxTicks - ticks ? MaxTicks : ticks + delta;

    /// <summary>Queue order: due time, then insertion sequence, so equal due times run in scheduling order.</summary>
    private readonly record struct DueKey(long DueTicks, long Sequence) : IComparable<DueKey>
    {
        public int CompareTo(DueKey other)
        {
            var byDue = DueTicks.CompareTo(other.DueTicks);
            return byDue != 0 ? byDue : Sequence.CompareTo(other.Sequence);
        }
    }

    /// <summary>One scheduled tell, action or runnable; repeating items are re-enqueued as the same object.</summary>
    private sealed class Item
    {
        private ICanTell? _receiver;
        private object? _message;
        private IActorRef? _sender;
        private Action? _action;
        private IRunnable? _runnable;
        private ICancelable? _cancelable;

        public long IntervalTicks; // 0 = once

        public bool IsCancelled => _cancelable is { IsCancellationRequested: true };

        public static Item ForTell(ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable) =>
            new() { _receiver = receiver, _message = message, _sender = sender, _cancelable = cancelable };

        public static Item ForAction(Action action, ICancelable? cancelable) =>
            new() { _action = action, _cancelable = cancelable };

        public static Item ForRunnable(IRunnable runnable, ICancelable? cancelable) =>
            new() { _runnable = runnable, _cancelable = cancelable };

        public void Deliver()
        {
            if (_receiver is not null)
                _receiver.Tell(_message!, _sender!); // a null sender is Akka's NoSender
            else if (_action is not null)
                _action();
            else
                _runnable!.Run();
        }
    }
}
