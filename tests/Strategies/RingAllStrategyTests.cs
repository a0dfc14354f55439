using QueueEngine.Domain;
using QueueEngine.Strategies;
using static QueueEngine.Tests.Strategies.Kit;

namespace QueueEngine.Tests.Strategies;

public class RingAllStrategyTests
{
    private static RingAllStrategy Scrambled()
    {
        var s = new RingAllStrategy();
        foreach (var a in new[]
                 {
                     A(7, level: 2, position: 1), A(3, level: 1, position: 5), A(8, level: 3, position: 0),
                     A(2, level: 1, position: 5), A(6, level: 2, position: 0), A(1, level: 1, position: 9),
                 })
            s.Add(a);
        return s;
    }

    private static long[] All(IAgentStrategy s, int maxOpenLevel)
    {
        var into = new List<EligibleAgent>();
        s.ChooseAll(maxOpenLevel, into);
        return into.Select(a => a.Agent.Id).ToArray();
    }

    [Fact]
    public void Rings_all()
    {
        var s = new RingAllStrategy();
        Assert.True(s.RingsAll);
        Assert.Equal(StrategyKind.RingAll, s.Kind);
    }

    [Fact]
    public void ChooseAll_returns_every_open_agent_in_level_position_agent_order()
    {
        var s = Scrambled();

        Assert.Equal(new long[] { 2, 3, 1, 6, 7, 8 }, All(s, int.MaxValue));
    }

    [Fact]
    public void ChooseAll_stops_at_the_open_level()
    {
        var s = Scrambled();

        Assert.Equal(new long[] { 2, 3, 1 }, All(s, 1));
        Assert.Equal(new long[] { 2, 3, 1, 6, 7 }, All(s, 2));
        Assert.Empty(All(s, 0));
    }

    [Fact]
    public void ChooseAll_rings_higher_levels_when_the_lowest_has_nobody()
    {
        var s = Make(StrategyKind.RingAll, 0, A(6, level: 2), A(8, level: 3));

        Assert.Empty(All(s, 1));
        Assert.Equal(new long[] { 6 }, All(s, 2));
    }

    [Fact]
    public void ChooseAll_leaves_out_removed_agents()
    {
        var s = Scrambled();
        s.Remove(A(3, level: 1, position: 5));
        s.Remove(A(7, level: 2, position: 1));

        Assert.Equal(new long[] { 2, 1, 6, 8 }, All(s, int.MaxValue));
    }

    [Fact]
    public void ChooseAll_appends_to_the_list_it_is_given()
    {
        var s = Make(StrategyKind.RingAll, 0, A(2), A(1));
        var into = new List<EligibleAgent> { A(99) };

        s.ChooseAll(int.MaxValue, into);

        Assert.Equal(new long[] { 99, 1, 2 }, into.Select(a => a.Agent.Id));
    }

    [Fact]
    public void Choose_is_the_first_of_ChooseAll_and_ignores_offers()
    {
        var s = Scrambled();
        var caller = new CallerCursor();
        var first = s.Choose(caller, int.MaxValue)!;
        Assert.Equal(2, first.Agent.Id);

        s.Offered(caller, first);

        Assert.Equal(2, Id(s.Choose(caller, int.MaxValue)));
        Assert.Null(caller.LastOffered);
    }
}
