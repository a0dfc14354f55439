using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>Tier rules (QUEUE-SPEC §3) and the eligibility delays, in virtual time.</summary>
public sealed class TierAndDelayTests : EngineTestKit
{
    private const long Q = 7;

    private (AgentKey L1, AgentKey L2, AgentKey L3) ThreeLevels(QueueSettings settings)
    {
        Queue(Q, settings);
        var l1 = Agent(1);
        var l2 = Agent(2);
        var l3 = Agent(3);
        Member(Q, l1, level: 1, position: 1);
        Member(Q, l2, level: 2, position: 1);
        Member(Q, l3, level: 3, position: 1);
        return (l1, l2, l3);
    }

    private List<(AgentKey Agent, double At)> Rings() =>
        Commands.Where(c => c.Command is Ring).Select(c => (((Ring)c.Command).Agent, At(c))).ToList();

    [Fact]
    public void Ring_all_with_multiplied_tiers_adds_each_level_at_wait_times_level()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with
        {
            Strategy = StrategyKind.RingAll, TierRulesApply = true, TierRuleWaitSecond = 10, TierRuleWaitMultiplyLevel = true,
        });
        Enter("c1", Q);
        Advance(50); // below the 60 s ring timeout: no re-rings
        Assert.Equal(new[] { (l1, 0.0), (l2, 20.0), (l3, 30.0) }, Rings());
    }

    [Fact]
    public void Ring_all_without_multiply_opens_every_higher_level_together()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with
        {
            Strategy = StrategyKind.RingAll, TierRulesApply = true, TierRuleWaitSecond = 5, TierRuleWaitMultiplyLevel = false,
        });
        Enter("c1", Q);
        Advance(50); // below the 60 s ring timeout: no re-rings
        Assert.Equal(new[] { (l1, 0.0), (l2, 5.0), (l3, 5.0) }, Rings());
    }

    [Fact]
    public void Without_tier_rules_every_level_is_open_but_the_lowest_with_an_agent_is_taken()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with { TierRulesApply = false, TierRuleWaitSecond = 50 });
        Enter("c1", Q);
        Assert.Equal(l1, Sent<Ring>().Last().Agent);
        Enter("c2", Q); // level 1 is busy: level 2 at once, no waiting
        Assert.Equal(l2, Sent<Ring>().Last().Agent);
        Enter("c3", Q);
        Assert.Equal(l3, Sent<Ring>().Last().Agent);
        Assert.All(Rings(), r => Assert.Equal(0.0, r.At));
    }

    [Fact]
    public void Without_tier_rules_ring_all_rings_every_level_at_once()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with { Strategy = StrategyKind.RingAll, TierRulesApply = false, TierRuleWaitSecond = 50 });
        Enter("c1", Q);
        Assert.Equal(new[] { (l1, 0.0), (l2, 0.0), (l3, 0.0) }, Rings());
    }

    [Fact]
    public void With_tier_rules_a_busy_lower_level_holds_the_caller_until_the_next_level_opens()
    {
        var (l1, l2, _) = ThreeLevels(QueueSettings.Default with { TierRulesApply = true, TierRuleWaitSecond = 10, TierRuleWaitMultiplyLevel = true });
        Enter("c1", Q);      // takes l1
        Enter("c2", Q);      // l1 busy: waits for level 2 to open at 20 s of its dispatch
        Advance(19.5);
        Assert.Single(Sent<Ring>());
        Advance(0.5);
        Assert.Equal((l2, 20.0), Rings().Last());
        Assert.Equal(l1, Rings().First().Agent);
    }

    [Fact]
    public void A_level_with_nobody_logged_in_does_not_hold_the_caller_back()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with
        {
            Strategy = StrategyKind.RingAll, TierRulesApply = true, TierRuleWaitSecond = 10, TierRuleWaitMultiplyLevel = true,
        });
        Login(l1, false);
        Enter("c1", Q);
        Advance(50); // below the 60 s ring timeout: no re-rings
        // Level 1 is empty: level 2 opens at once; level 3 still at 30 s.
        Assert.Equal(new[] { (l2, 0.0), (l3, 30.0) }, Rings());
    }

    [Fact]
    public void An_empty_middle_level_lets_the_next_level_open_with_it()
    {
        var (l1, l2, l3) = ThreeLevels(QueueSettings.Default with
        {
            Strategy = StrategyKind.RingAll, TierRulesApply = true, TierRuleWaitSecond = 10, TierRuleWaitMultiplyLevel = true,
        });
        Login(l2, false);
        Enter("c1", Q);
        Advance(50); // below the 60 s ring timeout: no re-rings
        Assert.Equal(new[] { (l1, 0.0), (l3, 20.0) }, Rings());
    }

    [Fact]
    public void Tier_time_counts_from_the_end_of_the_start_sound()
    {
        var (l1, l2, _) = ThreeLevels(QueueSettings.Default with
        {
            Strategy = StrategyKind.RingAll, TierRulesApply = true, TierRuleWaitSecond = 10, TierRuleWaitMultiplyLevel = false, StartSound = 9,
        });
        Behavior.SoundLengths[9] = TimeSpan.FromSeconds(4);
        Enter("c1", Q);
        Advance(50); // below the 60 s ring timeout: no re-rings
        Assert.Equal((l1, 4.0), Rings()[0]);
        Assert.Equal((l2, 14.0), Rings()[1]);
    }

    [Fact]
    public void Call_timeout_ends_the_ring_as_no_answer()
    {
        Queue(Q);
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, CallTimeout = 25 });
        Member(Q, a);
        Enter("c1", Q);
        Assert.Equal(25, Sent<Ring>().Single().TimeoutSeconds);
        Advance(24.9);
        Assert.Empty(Sent<CancelRing>());
        Advance(0.1);
        var cancel = Assert.Single(Sent<CancelRing>());
        Assert.Equal(OfferFailure.NoAnswer, Published<OfferFailed>().Single().Reason);
        // No delay configured: rung again at once.
        Assert.Equal(2, Sent<Ring>().Count());
        Assert.Equal("c1", cancel.CallId);
    }

    [Fact]
    public void Default_call_timeout_is_sixty_seconds()
    {
        Queue(Q);
        Member(Q, Agent(1));
        Enter("c1", Q);
        Assert.Equal(60, Sent<Ring>().Single().TimeoutSeconds);
        Advance(60);
        Assert.Single(Sent<CancelRing>());
    }

    [Theory]
    [InlineData(LegEventKind.Busy, OfferFailure.Busy)]
    [InlineData(LegEventKind.Rejected, OfferFailure.Reject)]
    [InlineData(LegEventKind.NoAnswer, OfferFailure.NoAnswer)]
    public void Each_failure_sets_its_own_delay(LegEventKind kind, OfferFailure failure)
    {
        Queue(Q);
        var a = Agent(1, new AgentSettings
        {
            Name = "a", ExtensionId = 101, BusyDelayTime = 10, RejectDelayTime = 20, NoAnswerDelayTime = 30,
        });
        Member(Q, a);
        Enter("c1", Q);
        Leg(Sent<Ring>().Single().LegId, kind);
        Assert.Equal(failure, Published<OfferFailed>().Single().Reason);
        Assert.Equal(AgentLiveState.Delayed, State(a).Snapshot.Live);
        var delay = kind switch { LegEventKind.Busy => 10, LegEventKind.Rejected => 20, _ => 30 };
        Advance(delay - 0.5);
        Assert.Single(Sent<Ring>());
        AssertStatus(Q, 1, 0, 0);
        Advance(0.5);
        Assert.Equal(2, Sent<Ring>().Count());
        Assert.Equal(delay, At(Commands.Last(c => c.Command is Ring)), 3);
    }

    [Fact]
    public void Wrap_up_keeps_the_agent_from_offers_after_a_call()
    {
        Queue(Q);
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, WrapUpTime = 15 });
        Member(Q, a);
        Enter("c1", Q);
        AnswerBy(a);
        Advance(30);
        Send(new CallHangup("c1"));
        Enter("c2", Q);
        Assert.Equal(AgentLiveState.WrapUp, State(a).Snapshot.Live);
        Advance(14.9);
        Assert.Single(Sent<Ring>());
        Advance(0.1);
        Assert.Equal("c2", Sent<Ring>().Last().CallId);
        Assert.Equal(45, At(Commands.Last(c => c.Command is Ring)), 3);
    }

    [Fact]
    public void Skip_busy_agents_passes_over_an_agent_in_an_external_call()
    {
        Queue(Q, QueueSettings.Default with { SkipBusyAgents = true, Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Send(new AgentExternalCall(a1, Started: true));
        Enter("c1", Q);
        Assert.Equal(a2, Sent<Ring>().Single().Agent);
        Send(new AgentExternalCall(a1, Started: false));
        Enter("c2", Q);
        Assert.Equal(a1, Sent<Ring>().Last().Agent);
    }

    [Fact]
    public void Without_skip_busy_agents_an_agent_in_an_external_call_is_rung()
    {
        Queue(Q, QueueSettings.Default with { SkipBusyAgents = false, Strategy = StrategyKind.SequentiallyByAgentOrder });
        var a1 = Agent(1);
        var a2 = Agent(2);
        Member(Q, a1, 0, 1);
        Member(Q, a2, 0, 2);
        Send(new AgentExternalCall(a1, Started: true));
        Enter("c1", Q);
        Assert.Equal(a1, Sent<Ring>().Single().Agent);
    }

    [Fact]
    public void An_agent_in_a_call_of_one_queue_is_not_offered_by_another()
    {
        const long other = 8;
        Queue(Q);
        Queue(other);
        var a = Agent(1);
        Member(Q, a);
        Member(other, a);
        Enter("c1", Q);
        Enter("c2", other);
        Assert.Single(Sent<Ring>());
        AnswerBy(a);
        Assert.Single(Sent<Ring>());
        Send(new CallHangup("c1"));
        Assert.Equal("c2", Sent<Ring>().Last().CallId);
    }
}
