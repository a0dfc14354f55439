using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class SequentialStrategyTests
{
    [Fact]
    public void Every_offer_starts_from_the_top()
    {
        var s = Make(StrategyKind.SequentiallyByAgentOrder, 0, A(2, position: 2), A(1, position: 1), A(3, position: 3));
        var caller = new CallerCursor();

        Assert.Equal(new long?[] { 1, 1, 1 }, Offers(s, caller, 3));
        Assert.Equal(1, OfferAndReturn(s, new CallerCursor()));
    }

    [Fact]
    public void The_next_agent_is_tried_only_while_the_first_is_out()
    {
        var s = Make(StrategyKind.SequentiallyByAgentOrder, 0, A(2, position: 2), A(1, position: 1), A(3, position: 3));
        var caller = new CallerCursor();

        var first = Offer(s, caller)!;      // 1 rings, then goes into a delay
        Assert.Equal(1, first.Agent.Id);
        Assert.Equal(new long?[] { 2, 2 }, Offers(s, caller, 2));

        s.Add(first);                        // delay over
        Assert.Equal(1, OfferAndReturn(s, caller));
    }

    [Fact]
    public void A_lower_level_agent_that_becomes_eligible_comes_first()
    {
        var s = Make(StrategyKind.SequentiallyByAgentOrder, 0, A(1, level: 2, position: 0));
        Assert.Equal(1, OfferAndReturn(s, new CallerCursor()));

        s.Add(A(5, level: 1, position: 99));

        Assert.Equal(5, OfferAndReturn(s, new CallerCursor()));
    }
}
