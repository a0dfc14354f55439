using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Gateway;

namespace QueueEngine.Queues;

/// <summary>A message addressed to one queue's actor (the queue's id is its extension id).</summary>
public interface IWithQueueId
{
    long QueueId { get; }
}

/// <summary>The queue protocol: commands the queue actor accepts.</summary>
public interface IQueueCommand : IWithQueueId;

/// <summary>Replace the queue's settings. Replies <see cref="QueueConfigured"/>.</summary>
public sealed record ConfigureQueue(long QueueId, QueueSettings Settings) : IQueueCommand;

public sealed record QueueConfigured(long QueueId);

/// <summary>Add or move a member (level, position). Replies <see cref="MembershipChanged"/>.</summary>
public sealed record SetMember(long QueueId, Membership Membership) : IQueueCommand;

/// <summary>Remove a member: its ring from this queue is cancelled, a call in progress continues.</summary>
public sealed record RemoveMember(long QueueId, AgentKey Agent) : IQueueCommand;

public sealed record MembershipChanged(long QueueId, AgentKey Agent, bool IsMember);

/// <summary>An agent's state changed (sent by the agent to each of its queues).</summary>
public sealed record AgentStateChanged(long QueueId, AgentSnapshot Snapshot) : IQueueCommand;

/// <summary>The agent withdrew from an offer (logout or deletion while ringing).</summary>
public sealed record OfferRevoked(long QueueId, AgentKey Agent, string LegId) : IQueueCommand;

/// <summary>A gateway event routed to the queue that holds the call.</summary>
public sealed record QueueGatewayEvent(long QueueId, ICallEvent Event) : IQueueCommand;

/// <summary>Query: replies <see cref="QueueStatus"/>.</summary>
public sealed record GetQueueStatus(long QueueId) : IQueueCommand;

/// <summary>QUEUE-SPEC §1.2.</summary>
public sealed record QueueStatus(long QueueId, int Waiting, int Trying, int Answered);

/// <summary>Query for diagnostics and tests: replies <see cref="QueueSnapshot"/>.</summary>
public sealed record GetQueueSnapshot(long QueueId) : IQueueCommand;

public sealed record QueueSnapshot(
    long QueueId, QueueSettings Settings, QueueStatus Status, IReadOnlyList<Membership> Members,
    IReadOnlyList<string> CallersInOrder, IReadOnlyList<AgentKey> EligibleAgents, int OpenLegs);
