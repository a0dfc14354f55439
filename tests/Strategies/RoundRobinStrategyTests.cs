using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class RoundRobinStrategyTests
{
    private static RoundRobinStrategy FourInOneLevel()
    {
        var s = new RoundRobinStrategy();
        // Added out of order; positions 10..40 so that agents can be slotted in between.
        s.Add(A(3, position: 30));
        s.Add(A(1, position: 10));
        s.Add(A(4, position: 40));
        s.Add(A(2, position: 20));
        return s;
    }

    [Fact]
    public void Goes_round_the_level_and_wraps()
    {
        var s = FourInOneLevel();

        Assert.Equal(new long?[] { 1, 2, 3, 4, 1, 2, 3 }, Offers(s, new CallerCursor(), 7));
    }

    [Fact]
    public void The_pointer_belongs_to_the_queue_not_to_the_caller()
    {
        var s = FourInOneLevel();
        var x = new CallerCursor();
        var y = new CallerCursor();

        Assert.Equal(1, OfferAndReturn(s, x));
        Assert.Equal(2, OfferAndReturn(s, y));
        Assert.Equal(3, OfferAndReturn(s, x));
        Assert.Equal(4, OfferAndReturn(s, new CallerCursor()));
        Assert.Equal(new MemberOrder(1, 40, AgentKey.Local(4)), s.Pointer);
    }

    [Fact]
    public void Two_instances_keep_independent_pointers()
    {
        var first = FourInOneLevel();
        var second = FourInOneLevel();

        Assert.Equal(new long?[] { 1, 2, 3 }, Offers(first, new CallerCursor(), 3));
        Assert.Equal(new long?[] { 1, 2 }, Offers(second, new CallerCursor(), 2));
        Assert.Equal(4, OfferAndReturn(first, new CallerCursor()));
        Assert.Equal(3, OfferAndReturn(second, new CallerCursor()));
    }

    [Fact]
    public void Continues_after_the_pointer_while_the_pointed_agent_is_out_ringing()
    {
        var s = FourInOneLevel();
        var ringing1 = Offer(s, new CallerCursor())!; // 1 rings, out of the index
        var ringing2 = Offer(s, new CallerCursor())!; // 2 rings, out of the index
        Assert.Equal(2, ringing2.Agent.Id);

        s.Add(ringing1);
        s.Add(ringing2);

        Assert.Equal(new long?[] { 3, 4, 1 }, Offers(s, new CallerCursor(), 3));
    }

    [Fact]
    public void An_agent_added_after_the_pointer_gets_its_turn()
    {
        var s = FourInOneLevel();
        Assert.Equal(new long?[] { 1, 2 }, Offers(s, new CallerCursor(), 2));

        s.Add(A(9, position: 25));

        Assert.Equal(new long?[] { 9, 3, 4, 1, 2, 9 }, Offers(s, new CallerCursor(), 6));
    }

    [Fact]
    public void Wraps_within_the_lowest_level_and_never_reaches_the_next()
    {
        var s = Make(StrategyKind.RoundRobin, 0,
            A(1, level: 1, position: 1), A(2, level: 1, position: 2), A(3, level: 1, position: 3),
            A(4, level: 2, position: 0), A(5, level: 2, position: 1));

        Assert.Equal(new long?[] { 1, 2, 3, 1, 2, 3, 1 }, Offers(s, new CallerCursor(), 7));
    }

    [Fact]
    public void A_pointer_in_another_level_starts_the_lowest_level_from_its_first_agent()
    {
        var level1 = new[] { A(1, level: 1, position: 1), A(2, level: 1, position: 2) };
        var s = Make(StrategyKind.RoundRobin, 0, A(4, level: 2, position: 0), A(5, level: 2, position: 1));
        Assert.Equal(new long?[] { 4, 5, 4 }, Offers(s, new CallerCursor(), 3));

        foreach (var a in level1) s.Add(a);
        Assert.Equal(new long?[] { 1, 2, 1 }, Offers(s, new CallerCursor(), 3));

        foreach (var a in level1) s.Remove(a);
        // The pointer (level 1) is not in level 2: level 2 starts over from its first agent.
        Assert.Equal(4, OfferAndReturn(s, new CallerCursor()));
    }

    [Fact]
    public void A_pointer_past_the_end_of_the_level_wraps_to_its_first_agent()
    {
        var s = FourInOneLevel();
        Assert.Equal(new long?[] { 1, 2, 3, 4 }, Offers(s, new CallerCursor(), 4));

        s.Remove(A(4, position: 40));

        Assert.Equal(1, OfferAndReturn(s, new CallerCursor()));
    }

    [Fact]
    public void Choose_alone_does_not_move_the_pointer()
    {
        var s = FourInOneLevel();
        var caller = new CallerCursor();

        Assert.Equal(1, Id(s.Choose(caller, int.MaxValue)));
        Assert.Equal(1, Id(s.Choose(caller, int.MaxValue)));
        Assert.Null(s.Pointer);
    }

    [Fact]
    public void Respects_the_open_level()
    {
        var s = Make(StrategyKind.RoundRobin, 0, A(1, level: 2), A(2, level: 2, position: 1));

        Assert.Null(OfferAndReturn(s, new CallerCursor(), maxOpenLevel: 1));
        Assert.Equal(new long?[] { 1, 2 }, Offers(s, new CallerCursor(), 2, maxOpenLevel: 2));
    }
}
