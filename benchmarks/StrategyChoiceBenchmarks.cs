using BenchmarkDotNet.Attributes;
using QueueEngine.Benchmarks.Support;
using QueueEngine.Domain;
using QueueEngine.Strategies;

namespace QueueEngine.Benchmarks;

/// <summary>
/// The cost of choosing an agent, per strategy and queue size, on the strategy objects alone (no
/// actors). One operation is the cycle a queue runs for one offer:
/// <list type="number">
/// <item>Choose (ring-all: ChooseAll of every eligible agent);</item>
/// <item>Offered (moves the round-robin pointer / the caller's top-down cursor);</item>
/// <item>Remove the offered agent from the index (it is ringing);</item>
/// <item>Add it back with new counters (its call is over: idle since now, one more answered call,
/// more talk time), which is a new <see cref="EligibleAgent"/> just as the queue makes one.</item>
/// </list>
/// Ring-all: every eligible agent is rung, so every one is removed; the first answers and comes
/// back with new counters, the others are cancelled and come back unchanged. That is
/// O(agents rung) by nature and is exempt from the 2x target.
/// <para>
/// 30% of the queue's agents are ineligible (in a call, in wrap-up, in a delay, logged out). The
/// engine represents that by leaving them out of the strategy's index, so here they are simply
/// never added: the index holds 70 / 700 / 7,000 of the 100 / 1,000 / 10,000 members.
/// All agents are on one level; counters start spread at random (seeded).
/// </para>
/// <para>
/// Top-down keeps one caller cursor across operations, i.e. the path of a caller whose offers keep
/// failing and who continues after the agent it last tried (a new caller simply takes the first
/// agent, which is cheaper).
/// </para>
/// </summary>
[ProcessCpuClock]
public class StrategyChoiceBenchmarks
{
    private IAgentStrategy strategy = null!;
    private readonly CallerCursor cursor = new();
    private readonly List<EligibleAgent> rung = new();
    private long clock;

    [ParamsAllValues]
    public StrategyKind Strategy { get; set; }

    [Params(100, 1_000, 10_000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        strategy = StrategyFactory.Create(Strategy, seed: 42);
        var random = new Random(7);
        clock = 10_000_000;
        for (var i = 0; i < Agents; i++)
        {
            if (i % 10 < 3) continue; // ineligible: not in the index
            strategy.Add(new EligibleAgent(AgentKey.Local(i + 1), Level: 0, Position: i + 1,
                IdleSinceTicks: random.Next(0, 10_000_000), AnsweredCalls: random.Next(0, 40), TalkSeconds: random.Next(0, 20_000)));
        }
    }

    [Benchmark(Description = "choose cycle")]
    public EligibleAgent ChooseCycle()
    {
        if (strategy.RingsAll)
        {
            rung.Clear();
            strategy.ChooseAll(int.MaxValue, rung);
            foreach (var agent in rung) strategy.Remove(agent);
            for (var i = 1; i < rung.Count; i++) strategy.Add(rung[i]);
            var winner = AfterCall(rung[0]);
            strategy.Add(winner);
            return winner;
        }

        var chosen = strategy.Choose(cursor, int.MaxValue) ?? throw new InvalidOperationException("No agent chosen.");
        strategy.Offered(cursor, chosen);
        strategy.Remove(chosen);
        var back = AfterCall(chosen);
        strategy.Add(back);
        return back;
    }

    private EligibleAgent AfterCall(EligibleAgent a)
    {
        clock++;
        return a with { IdleSinceTicks = clock, AnsweredCalls = a.AnsweredCalls + 1, TalkSeconds = a.TalkSeconds + 60 + clock % 240 };
    }
}
