using QueueEngine.Domain;
using QueueEngine.Strategies;

namespace QueueEngine.Queues;

/// <summary>Where a caller is in its life in the queue (QUEUE-SPEC §2).</summary>
public enum CallerPhase
{
    /// <summary>Hearing the start sound; not dispatched yet (counted as waiting).</summary>
    StartSound,
    /// <summary>In dispatch, no agent ringing.</summary>
    Waiting,
    /// <summary>At least one agent ringing (or being reserved).</summary>
    Trying,
    /// <summary>Talking to an agent.</summary>
    Answered,
    /// <summary>The agent hung up; the caller is rating the call.</summary>
    Rating,
    Ended,
}

/// <summary>The per-caller timers of the queue actor, as flags: which ones may be running.</summary>
[Flags]
internal enum CallerTimers
{
    None = 0,
    MaxWait = 1,
    NoAgent = 2,
    Announce = 4,
    Position = 8,
    Tier = 16,
    StartSoundGuard = 32,
    Rating = 64,
}

/// <summary>One caller's state, owned by its queue actor (no actor per caller: see PERFORMANCE-NOTES).</summary>
internal sealed class Caller(string callId, long seq, string number, string? name, DateTimeOffset enteredAt)
{
    public string CallId { get; } = callId;
    /// <summary>Entry order within the queue.</summary>
    public long Seq { get; } = seq;
    public string Number { get; } = number;
    public string? Name { get; } = name;
    public DateTimeOffset EnteredAt { get; } = enteredAt;

    public CallerPhase Phase { get; set; } = CallerPhase.StartSound;
    public DateTimeOffset DispatchStartedAt { get; set; }
    public CallerCursor Cursor { get; } = new();
    public bool StickyChecked { get; set; }
    /// <summary>Timers started for this caller and not cancelled since (some may have fired).</summary>
    public CallerTimers Timers { get; set; }
    public string? StartPlaybackId { get; set; }
    /// <summary>The keys of the max-wait and announcement timers as started, so cancelling them builds no new key.</summary>
    public object? MaxWaitKey { get; set; }
    public object? AnnounceKey { get; set; }
    public string? RatingRequestId { get; set; }

    /// <summary>Legs ringing or being reserved for this caller.</summary>
    public List<Leg> Legs { get; } = new(1);
    public Leg? AnsweredLeg { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset TalkEndedAt { get; set; }

    public bool IsInQueue => Phase is CallerPhase.StartSound or CallerPhase.Waiting or CallerPhase.Trying;

    public static readonly IComparer<Caller> BySeq = Comparer<Caller>.Create((a, b) => a.Seq.CompareTo(b.Seq));
}

/// <summary>One attempt to ring one agent for one caller.</summary>
internal sealed class Leg(string legId, Caller caller, AgentKey agent, bool sticky)
{
    public string LegId { get; } = legId;
    public Caller Caller { get; } = caller;
    public AgentKey Agent { get; } = agent;
    /// <summary>The sticky-agent offer: the caller is offered no one else while it rings.</summary>
    public bool Sticky { get; } = sticky;
    /// <summary>False while the agent is being reserved, true once the ring command went out.</summary>
    public bool Ringing { get; set; }
    public long? AgentSoundId { get; set; }
    /// <summary>The key of the leg's ring timeout once it rings, so cancelling it builds no new key.</summary>
    public object? RingTimeoutKey { get; set; }
}

/// <summary>The queue's view of one member agent.</summary>
internal sealed class Member(Membership membership)
{
    public Membership Membership { get; set; } = membership;
    public Agents.AgentSnapshot? Snapshot { get; set; }
    /// <summary>The entry this member has in the strategy's index, when eligible.</summary>
    public EligibleAgent? Indexed { get; set; }
    /// <summary>A leg of this queue is reserving or ringing the agent.</summary>
    public Leg? Leg { get; set; }
    /// <summary>
    /// The agent is about to report a new state (its leg just ended, or it refused an offer that
    /// our view thought it could take): not eligible until it does.
    /// </summary>
    public bool AwaitingUpdate { get; set; }
    /// <summary>Counted as logged in in the queue's level table.</summary>
    public bool CountedLoggedIn { get; set; }
    /// <summary>
    /// Who added the member, answered once the agent has reported its state: from then on the
    /// membership is in effect (a call that enters next sees the agent).
    /// </summary>
    public Akka.Actor.IActorRef? AwaitingJoin { get; set; }
    /// <summary>The queue knows the agent's actor and addresses it directly.</summary>
    public bool RefKnown { get; set; }
}
