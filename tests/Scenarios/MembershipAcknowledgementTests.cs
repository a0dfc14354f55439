using Akka.Actor;
using Akka.TestKit.Xunit2;
using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Hosting;
using QueueEngine.Queues;

namespace QueueEngine.Tests.Scenarios;

/// <summary>
/// Adding a member is answered only once the queue knows the agent's state, so a call that enters
/// right after the API's 201 already sees the agent (with exit_with_no_av_agents it was refused).
/// </summary>
public sealed class MembershipAcknowledgementTests : TestKit
{
    [Fact]
    public void A_new_member_is_acknowledged_after_the_agent_reports_its_state()
    {
        var agents = CreateTestProbe();
        var context = new EngineContext(new EngineOptions(), NoCallerStore.Instance) { Agents = agents.Ref, Gateway = CreateTestProbe().Ref };
        var queue = Sys.ActorOf(QueueActor.Props(7, context));
        queue.Tell(new ConfigureQueue(7, QueueSettings.Default));
        ExpectMsg<QueueConfigured>();
        var agent = AgentKey.Local(1);

        queue.Tell(new SetMember(7, new Membership(agent, 1, 1)));
        var joined = agents.FishForMessage<JoinedQueue>(_ => true);
        Assert.Equal((agent, 7L), (joined.Agent, joined.QueueId));
        // Not yet: the queue does not know the agent's state. (Replies come in order, so a
        // MembershipChanged sent before would arrive before this status.)
        queue.Tell(new GetQueueStatus(7));
        ExpectMsg<QueueStatus>();

        queue.Tell(new AgentStateChanged(7, new AgentSnapshot(agent, true, AgentLiveState.Idle, false, false, 0, 0, 0)));
        var changed = ExpectMsg<MembershipChanged>();
        Assert.Equal((7L, agent, true), (changed.QueueId, changed.Agent, changed.IsMember));

        // Changing an existing member's level or position is answered at once.
        queue.Tell(new SetMember(7, new Membership(agent, 2, 1)));
        Assert.Equal((agent, true), (ExpectMsg<MembershipChanged>().Agent, true));
    }
}
