using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Hosting;
using QueueEngine.Host.Setup;
using QueueEngine.Queues;

namespace QueueEngine.Host.Engine;

/// <summary>
/// The API's way into the running engine: each call asks the queue or agent actor and returns
/// once the actor has confirmed, so an API answer means the engine already has the change.
/// Changes are not cancelled with the request: once stored, they must reach the engine.
/// </summary>
public sealed class EngineClient(
    IRequiredActor<QueueRegion> queues, IRequiredActor<AgentRegion> agents, IOptions<ApiOptions> options, ILogger<EngineClient> log)
{
    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.EngineTimeoutSeconds);

    public Task ConfigureQueueAsync(long queueId, QueueSettings settings) =>
        AskQueue<QueueConfigured>(new ConfigureQueue(queueId, settings));

    public Task SetMemberAsync(long queueId, Membership membership) =>
        AskQueue<MembershipChanged>(new SetMember(queueId, membership));

    public Task RemoveMemberAsync(long queueId, AgentKey agent) =>
        AskQueue<MembershipChanged>(new RemoveMember(queueId, agent));

    public Task ConfigureAgentAsync(AgentKey agent, AgentSettings settings) =>
        AskAgent<AgentConfigured>(new ConfigureAgent(agent, settings));

    public Task DeleteAgentAsync(AgentKey agent, bool removeFromQueues) =>
        AskAgent<AgentDeleted>(new DeleteAgent(agent, removeFromQueues));

    public Task<QueueStatus> GetQueueStatusAsync(long queueId, CancellationToken ct = default) =>
        AskQueue<QueueStatus>(new GetQueueStatus(queueId), ct);

    public Task<QueueSnapshot> GetQueueSnapshotAsync(long queueId, CancellationToken ct = default) =>
        AskQueue<QueueSnapshot>(new GetQueueSnapshot(queueId), ct);

    public Task<AgentState> GetAgentStateAsync(AgentKey agent, CancellationToken ct = default) =>
        AskAgent<AgentState>(new GetAgentState(agent), ct);

    private async Task<T> AskQueue<T>(IQueueCommand message, CancellationToken ct = default) =>
        await Ask<T>(await queues.GetAsync(ct), message, ct);

    private async Task<T> AskAgent<T>(IAgentCommand message, CancellationToken ct = default) =>
        await Ask<T>(await agents.GetAsync(ct), message, ct);

    private async Task<T> Ask<T>(IActorRef region, object message, CancellationToken ct)
    {
        try
        {
            return await region.Ask<T>(message, Timeout, ct);
        }
        catch (AskTimeoutException e)
        {
            // A stored change the engine did not confirm is applied at the next start-up at the latest.
            log.LogError(e, "The engine did not answer {Message} within {TimeoutSeconds} s", message.GetType().Name, Timeout.TotalSeconds);
            throw;
        }
    }
}
