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
    private readonly TimerQueue _queue = new();
    private long _nowTicks = Epoch.UtcTicks; // written under _gate, read lock-free
    private long _sequence;                  // insertion order, the tie-breaker at equal due ticks
    private int _purgeAt = MinPurgeAt;     // the queue's size at which cancelled entries are dropped next

    /// <summary>Below this many entries cancelled ones just wait for their due time.</summary>
    internal const int MinPurgeAt = 4096;

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
                while (_queue.TryPeek(out var head, out var source))
                {
                    if (!head.IsCancelled)
                        return new DateTimeOffset(head.DueTicks, TimeSpan.Zero);
                    _queue.Pop(source);
                    _queue.FreeSlot(head.Slot);
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
        Delivery item;
        lock (_gate)
        {
            var limitTicks = limit.UtcTicks;
            while (true)
            {
                if (!_queue.TryPeek(out var head, out var source) || head.DueTicks > limitTicks) return false;
                _queue.Pop(source);
                if (head.IsCancelled)
                {
                    _queue.FreeSlot(head.Slot);
                    continue;
                }

                // Time never runs backwards: an item made due "now" by a zero delay is due at Now.
                if (head.DueTicks > _nowTicks)
                    Volatile.Write(ref _nowTicks, head.DueTicks);
                ref var slot = ref _queue.SlotAt(head.Slot);
                item = new Delivery(slot.Kind, slot.Target!, slot.Message, slot.Sender);
                if (slot.IntervalTicks > 0)
                    _queue.Push(new Node(SaturatingAdd(head.DueTicks, slot.IntervalTicks), _sequence++, head.Slot, head.Cancelable), slot.IntervalTicks);
                else
                    _queue.FreeSlot(head.Slot);
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
            return _queue.RemoveCancelled();
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
        Add(delay, null, ItemKind.Tell, receiver, message, sender, null);

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable cancelable) =>
        Add(delay, null, ItemKind.Tell, receiver, message, sender, cancelable);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender) =>
        Add(initialDelay, interval, ItemKind.Tell, receiver, message, sender, null);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable cancelable) =>
        Add(initialDelay, interval, ItemKind.Tell, receiver, message, sender, cancelable);

    // ---- IActionScheduler ----

    public void ScheduleOnce(TimeSpan delay, Action action) =>
        Add(delay, null, ItemKind.Action, action, null, null, null);

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, null, ItemKind.Action, action, null, null, cancelable);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Add(initialDelay, interval, ItemKind.Action, action, null, null, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(initialDelay, interval, ItemKind.Action, action, null, null, cancelable);

    // ---- IRunnableScheduler ----

    public void ScheduleOnce(TimeSpan delay, IRunnable action) =>
        Add(delay, null, ItemKind.Runnable, action, null, null, null);

    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, null, ItemKind.Runnable, action, null, null, cancelable);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) =>
        Add(initialDelay, interval, ItemKind.Runnable, action, null, null, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(initialDelay, interval, ItemKind.Runnable, action, null, null, cancelable);

    private void Add(TimeSpan delay, TimeSpan? interval, ItemKind kind, object target, object? message, IActorRef? sender, ICancelable? cancelable)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "Delay must be >= 0.");
        long intervalTicks = 0;
        if (interval is { } every)
        {
            // A zero interval would make an advance loop forever at one instant.
            if (every <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(interval), every, "Interval must be > 0.");
            intervalTicks = every.Ticks;
        }

        lock (_gate)
        {
            var slot = _queue.AllocateSlot();
            ref var s = ref _queue.SlotAt(slot);
            s.Kind = kind;
            s.Target = target;
            s.Message = message;
            s.Sender = sender;
            s.IntervalTicks = intervalTicks;
            _queue.Push(new Node(SaturatingAdd(_nowTicks, delay.Ticks), _sequence++, slot, cancelable), delay.Ticks);
            // A cancelled timer (a max-wait timer of an answered caller, say) would otherwise hold its
            // message and cancelable until its due time, minutes of virtual time later: long enough for
            // the GC to promote them, which made collections several times slower. Dropping them once the
            // queue has doubled since the last sweep costs O(1) per item, amortised.
            if (_queue.Count > _purgeAt)
                _purgeAt = Math.Max(MinPurgeAt, 2 * (_queue.Count - _queue.RemoveCancelled()));
        }
    }

    // Huge delays (TimeSpan.MaxValue) park the item at the end of time instead of overflowing.
    private static long SaturatingAdd(long ticks, long delta) => delta >= MaxTicks - ticks ? MaxTicks : ticks + delta;

    private enum ItemKind : byte { Tell, Action, Runnable }

    /// <summary>What one due item does, copied out of its slot so it runs outside the lock.</summary>
    private readonly struct Delivery(ItemKind kind, object target, object? message, IActorRef? sender)
    {
        public void Deliver()
        {
            switch (kind)
            {
                case ItemKind.Tell:
                    ((ICanTell)target).Tell(message!, sender!); // a null sender is Akka's NoSender
                    break;
                case ItemKind.Action:
                    ((Action)target)();
                    break;
                default:
                    ((IRunnable)target).Run();
                    break;
            }
        }
    }

    /// <summary>One scheduled tell, action or runnable; a repeating item keeps its slot.</summary>
    private struct Slot
    {
        public object? Target;
        public object? Message;
        public IActorRef? Sender;
        public long IntervalTicks; // 0 = once
        public int NextFree;
        public ItemKind Kind;
    }

    /// <summary>
    /// A queue node: the due time, the tie-breaking sequence, the item's slot, and its cancelable, so
    /// that dropping a cancelled item does not have to read its slot.
    /// </summary>
    private readonly record struct Node(long DueTicks, long Sequence, int Slot, ICancelable? Cancelable)
    {
        public bool IsCancelled => Cancelable is { IsCancellationRequested: true };
    }

    /// <summary>
    /// The pending items in (due ticks, sequence) order. Items scheduled with the same whole-second
    /// delay (an actor's max-wait, ring or wrap-up timer) fall due in the order they were scheduled,
    /// since time only moves forward: they go into a first-in-first-out lane per delay, where adding
    /// and taking are O(1) and memory is read in order. Other items go into a 4-ary min-heap of small
    /// nodes. The next item is the earliest of the heap's root and the lanes' heads. The items
    /// themselves live in a slot array that is reused, so scheduling allocates nothing once the
    /// arrays have grown. Not thread-safe: the scheduler calls it under its lock.
    /// </summary>
    private sealed class TimerQueue
    {
        private const int MaxLanes = 32;
        private static readonly long MaxLaneDelayTicks = TimeSpan.FromDays(7).Ticks;

        private Node[] _heap = new Node[64];
        private int _heapCount;
        private Lane[] _lanes = [];
        private int _laneItems;
        private Slot[] _slots = new Slot[64];
        private int _slotsUsed;
        private int _freeSlot = -1;

        public int Count => _heapCount + _laneItems;

        public ref Slot SlotAt(int slot) => ref _slots[slot];


        public int AllocateSlot()
        {
            if (_freeSlot >= 0)
            {
                var free = _freeSlot;
                _freeSlot = _slots[free].NextFree;
                return free;
            }
            if (_slotsUsed == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            return _slotsUsed++;
        }

        /// <summary>Returns a slot for reuse, dropping its references so the GC can take them.</summary>
        public void FreeSlot(int slot)
        {
            _slots[slot] = new Slot { NextFree = _freeSlot };
            _freeSlot = slot;
        }

        /// <summary>The earliest node and where it is: -1 = the heap, else the lane's index.</summary>
        public bool TryPeek(out Node node, out int source)
        {
            source = -2;
            node = default;
            if (_heapCount > 0)
            {
                node = _heap[0];
                source = -1;
            }
            var lanes = _lanes;
            for (var i = 0; i < lanes.Length; i++)
            {
                var lane = lanes[i];
                if (lane.Count == 0) continue;
                ref readonly var head = ref lane.Head;
                if (source == -2 || Less(head, node))
                {
                    node = head;
                    source = i;
                }
            }
            return source != -2;
        }

        public void Pop(int source)
        {
            if (source >= 0)
            {
                _lanes[source].Pop();
                _laneItems--;
                return;
            }
            var last = _heap[--_heapCount];
            _heap[_heapCount] = default;
            if (_heapCount > 0) SiftDown(0, last);
        }

        /// <summary>Adds a node; <paramref name="delayTicks"/> (how far ahead of now it is due) picks its lane.</summary>
        public void Push(Node node, long delayTicks)
        {
            var lane = LaneFor(delayTicks);
            if (lane is not null)
            {
                lane.Push(node);
                _laneItems++;
                return;
            }
            if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
            var nodes = _heap;
            var i = _heapCount++;
            while (i > 0)
            {
                var parent = (i - 1) >> 2;
                if (!Less(node, nodes[parent])) break;
                nodes[i] = nodes[parent];
                i = parent;
            }
            nodes[i] = node;
        }

        // Whole-second delays only (the engine's timers); arbitrary ones (talk times, patience) would
        // make a lane each.
        private Lane? LaneFor(long delayTicks)
        {
            if (delayTicks <= 0 || delayTicks % TicksPerSecond != 0 || delayTicks > MaxLaneDelayTicks) return null;
            var lanes = _lanes;
            for (var i = 0; i < lanes.Length; i++)
                if (lanes[i].DelayTicks == delayTicks) return lanes[i];
            if (lanes.Length == MaxLanes) return null;
            var lane = new Lane(delayTicks);
            _lanes = [.. lanes, lane];
            return lane;
        }

        private const long TicksPerSecond = TimeSpan.TicksPerSecond;

        private void SiftDown(int i, Node node)
        {
            var nodes = _heap;
            var count = _heapCount;
            while (true)
            {
                var first = (i << 2) + 1;
                if (first >= count) break;
                var best = first;
                var end = Math.Min(first + 4, count);
                for (var c = first + 1; c < end; c++)
                    if (Less(nodes[c], nodes[best])) best = c;
                if (!Less(nodes[best], node)) break;
                nodes[i] = nodes[best];
                i = best;
            }
            nodes[i] = node;
        }

        /// <summary>Drops every cancelled node (keeping the order of the rest); returns how many were dropped.</summary>
        public int RemoveCancelled()
        {
            var before = Count;
            var kept = 0;
            for (var i = 0; i < _heapCount; i++)
            {
                var node = _heap[i];
                if (node.IsCancelled) FreeSlot(node.Slot);
                else _heap[kept++] = node;
            }
            Array.Clear(_heap, kept, _heapCount - kept);
            _heapCount = kept;
            for (var i = (_heapCount - 2) >> 2; i >= 0; i--) SiftDown(i, _heap[i]);
            _laneItems = 0;
            foreach (var lane in _lanes)
            {
                lane.RemoveWhere(this);
                _laneItems += lane.Count;
            }
            return before - Count;
        }

        private static bool Less(in Node a, in Node b) =>
            a.DueTicks < b.DueTicks || (a.DueTicks == b.DueTicks && a.Sequence < b.Sequence);

        /// <summary>A ring buffer of nodes that all had the same delay, hence are in due order.</summary>
        private sealed class Lane(long delayTicks)
        {
            private Node[] _items = new Node[16];
            private int _head;

            public long DelayTicks { get; } = delayTicks;
            public int Count { get; private set; }

            public ref readonly Node Head => ref _items[_head];

            public void Push(Node node)
            {
                if (Count == _items.Length) Grow();
                _items[(_head + Count) & (_items.Length - 1)] = node;
                Count++;
            }

            public void Pop()
            {
                _items[_head] = default; // let the GC have its cancelable
                _head = (_head + 1) & (_items.Length - 1);
                Count--;
            }

            private void Grow()
            {
                var bigger = new Node[_items.Length * 2];
                for (var i = 0; i < Count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
                _items = bigger;
                _head = 0;
            }

            /// <summary>Drops the cancelled nodes in place, keeping the order of the rest.</summary>
            public void RemoveWhere(TimerQueue owner)
            {
                var mask = _items.Length - 1;
                var n = 0;
                for (var i = 0; i < Count; i++)
                {
                    var node = _items[(_head + i) & mask];
                    if (node.IsCancelled) owner.FreeSlot(node.Slot);
                    else _items[(_head + n++) & mask] = node;
                }
                for (var i = n; i < Count; i++) _items[(_head + i) & mask] = default; // no stale references
                Count = n;
            }
        }
    }
}
