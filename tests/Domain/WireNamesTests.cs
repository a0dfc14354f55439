using QueueEngine.Domain;

namespace QueueEngine.Tests.Domain;

public class WireNamesTests
{
    [Theory]
    [InlineData(StrategyKind.RingAll, "ring-all")]
    [InlineData(StrategyKind.LongestIdleAgent, "longest-idle-agent")]
    [InlineData(StrategyKind.RoundRobin, "round-robin")]
    [InlineData(StrategyKind.TopDown, "top-down")]
    [InlineData(StrategyKind.AgentWithLeastTalkTime, "agent-with-least-talk-time")]
    [InlineData(StrategyKind.AgentWithFewestCalls, "agent-with-fewest-calls")]
    [InlineData(StrategyKind.SequentiallyByAgentOrder, "sequentially-by-agent-order")]
    [InlineData(StrategyKind.Random, "random")]
    public void Strategy_names_map_both_ways(StrategyKind kind, string wire)
    {
        Assert.Equal(wire, StrategyNames.ToWire(kind));
        Assert.True(StrategyNames.TryParse(wire, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Fact]
    public void Every_enum_value_has_a_distinct_wire_name()
    {
        Assert.Equal(Enum.GetValues<StrategyKind>().Length, StrategyNames.All.Distinct().Count());
        Assert.All(Enum.GetValues<SoundType>(), v => Assert.True(SoundTypeNames.TryParse(SoundTypeNames.ToWire(v), out var p) && p == v));
        Assert.All(Enum.GetValues<AgentHangupAction>(), v => Assert.True(AgentHangupActionNames.TryParse(AgentHangupActionNames.ToWire(v), out var p) && p == v));
        Assert.All(Enum.GetValues<AgentStatus>(), v => Assert.True(AgentStatusNames.TryParse(AgentStatusNames.ToWire(v), out var p) && p == v));
    }

    [Fact]
    public void Other_enum_wire_names_are_the_spec_spellings()
    {
        Assert.Equal(["music", "ring"], SoundTypeNames.All);
        Assert.Equal(["transfer", "quality_rate"], AgentHangupActionNames.All);
        Assert.Equal(["available", "logged_out"], AgentStatusNames.All);
    }

    [Theory]
    [InlineData("Round-Robin")]
    [InlineData("round_robin")]
    [InlineData("")]
    [InlineData(null)]
    public void Parsing_is_exact(string? wire)
    {
        Assert.False(StrategyNames.TryParse(wire, out _));
    }

    [Fact]
    public void An_undefined_enum_value_has_no_wire_name()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StrategyNames.ToWire((StrategyKind)99));
    }
}
