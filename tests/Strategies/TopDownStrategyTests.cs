using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class TopDownStrategyTests
{
    private static TopDownStrategy ThreeInOneLevel() =>
        (TopDownStrategy)Make(StrategyKind.TopDown, 0, A(3, position: 3), A(1, position: 1), A(2, position: 2));

    [Fact]
    public void A_caller_goes_down_the_list_and_wraps_to_the_top()
    {
        var s = ThreeInOneLevel();

        Assert.Equal(new long?[] { 1, 2, 3, 1, 2 }, Offers(s, new CallerCursor(), 5));
    }

    [Fact]
    public void Each_caller_has_its_own_cursor()
    {
        var s = ThreeInOneLevel();
        var x = new CallerCursor();
        var y = new CallerCursor();

        var order = new[]
        {
            OfferAndReturn(s, x), OfferAndReturn(s, x), OfferAndReturn(s, y),
            OfferAndReturn(s, x), OfferAndReturn(s, y), OfferAndReturn(s, x), OfferAndReturn(s, y),
        };

        Assert.Equal(new long?[] { 1, 2, 1, 3, 2, 1, 3 }, order);
    }

    [Fact]
    public void A_new_caller_starts_at_the_top_whatever_others_did()
    {
        var s = ThreeInOneLevel();
        Offers(s, new CallerCursor(), 2);

        Assert.Equal(1, OfferAndReturn(s, new CallerCursor()));
    }

    [Fact]
    public void Offered_records_the_agent_on_the_caller()
    {
        var s = ThreeInOneLevel();
        var caller = new CallerCursor();

        OfferAndReturn(s, caller);
        OfferAndReturn(s, caller);

        Assert.Equal(new MemberOrder(1, 2, AgentKey.Local(2)), caller.LastOffered);
    }

    [Fact]
    public void Continues_after_its_last_agent_even_when_that_agent_is_gone()
    {
        var s = ThreeInOneLevel();
        var caller = new CallerCursor();
        Assert.Equal(new long?[] { 1, 2 }, Offers(s, caller, 2));

        s.Remove(A(2, position: 2)); // agent 2 went into a delay

        Assert.Equal(new long?[] { 3, 1, 3 }, Offers(s, caller, 3));
    }

    [Fact]
    public void Wraps_within_the_lowest_level()
    {
        var s = Make(StrategyKind.TopDown, 0, A(1, level: 1, position: 1), A(2, level: 1, position: 2), A(9, level: 2, position: 0));

        Assert.Equal(new long?[] { 1, 2, 1, 2 }, Offers(s, new CallerCursor(), 4));
    }

    [Fact]
    public void A_cursor_from_a_higher_level_restarts_at_the_top_of_the_lowest()
    {
        var s = Make(StrategyKind.TopDown, 0, A(8, level: 2, position: 0), A(9, level: 2, position: 1));
        var caller = new CallerCursor();
        Assert.Equal(new long?[] { 8, 9 }, Offers(s, caller, 2));

        s.Add(A(1, level: 1, position: 5));
        s.Add(A(2, level: 1, position: 6));

        Assert.Equal(new long?[] { 1, 2, 1 }, Offers(s, caller, 3));
    }

    [Fact]
    public void Respects_the_open_level()
    {
        var s = Make(StrategyKind.TopDown, 0, A(1, level: 3));

        Assert.Null(s.Choose(new CallerCursor(), maxOpenLevel: 2));
        Assert.Equal(1, Id(s.Choose(new CallerCursor(), maxOpenLevel: 3)));
    }
}
