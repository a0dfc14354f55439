using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Queues;
using QueueEngine.Routing;

namespace QueueEngine.Tests.Routing;

/// <summary>The numeric entity ids EntityParent uses as a fast path name the same entities as the string ids.</summary>
public class MessageExtractorTests
{
    [Fact]
    public void Agent_numeric_ids_keep_local_and_remote_apart()
    {
        var x = new AgentMessageExtractor();
        Assert.True(x.TryGetNumericId(new GetAgentState(AgentKey.Local(5)), out var local));
        Assert.True(x.TryGetNumericId(new GetAgentState(AgentKey.Remote(5)), out var remote));
        Assert.True(x.TryGetNumericId(new GetAgentState(AgentKey.Local(6)), out var other));
        Assert.Equal(3, new[] { local, remote, other }.Distinct().Count());
        Assert.True(x.TryGetNumericId(new GetAgentState(AgentKey.Local(5)), out var again));
        Assert.Equal(local, again);
    }

    [Fact]
    public void Huge_agent_ids_and_foreign_messages_take_the_string_path()
    {
        var x = new AgentMessageExtractor();
        Assert.False(x.TryGetNumericId(new GetAgentState(AgentKey.Local(long.MaxValue)), out _));
        Assert.False(x.TryGetNumericId("hello", out _));
        Assert.Equal("local-" + long.MaxValue, x.EntityId(new GetAgentState(AgentKey.Local(long.MaxValue))));
    }

    [Fact]
    public void Queue_numeric_id_is_the_queue_id()
    {
        var x = new QueueMessageExtractor();
        Assert.True(x.TryGetNumericId(new GetQueueStatus(208), out var id));
        Assert.Equal(208, id);
        Assert.Equal("208", x.EntityId(new GetQueueStatus(208)));
        Assert.False(x.TryGetNumericId(42, out _));
    }
}
