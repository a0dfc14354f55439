using BenchmarkDotNet.Attributes;
using QueueEngine.Benchmarks.Support;
using QueueEngine.Domain;
using QueueEngine.Gateway;

namespace QueueEngine.Benchmarks;

/// <summary>
/// Memory per waiting caller and per agent. Each operation adds <see cref="Count"/> of them to a
/// fresh engine (a new ActorSystem per iteration, so the state does not grow from one iteration to
/// the next); both figures are per caller / per agent:
/// <list type="bullet">
/// <item><b>Allocated</b> (MemoryDiagnoser): everything allocated while adding one, including the
/// messages and events that become garbage at once;</item>
/// <item><b>Retained</b>: what stays on the heap afterwards, <c>GC.GetTotalMemory(true)</c> after
/// minus before, divided by <see cref="Count"/> (see <see cref="RetainedMemory"/>).</item>
/// </list>
/// Because an iteration needs a fresh engine, this class runs one invocation per iteration
/// (<c>[IterationSetup]</c>); an invocation adds 10,000, which is long enough to time.
/// </summary>
[ProcessCpuClock]
[InvocationCount(1)]
[WarmupCount(2)]
public class MemoryBenchmarks
{
    public const int Count = 10_000;
    private const long QueueId = 1;

    /// <summary>
    /// A queue as operators set one up: a maximum wait (one timer per caller) and a periodic
    /// announcement (a second, periodic timer). No agent is free, so every caller stays waiting.
    /// </summary>
    private static readonly QueueSettings WaitingQueue = QueueSettings.Default with
    {
        ExitWithNoAvAgents = false,
        MaxWaitTime = 600,
        TimeoutTransferDst = "200",
        AnnounceSound = 1,
        AnnounceFrequency = 60,
    };

    private EngineHarness engine = null!;
    private long before;

    [IterationSetup(Target = nameof(WaitingCaller))]
    public void SetupCallers()
    {
        engine = new EngineHarness();
        engine.Queue(QueueId, WaitingQueue);
        before = RetainedMemory.Baseline();
    }

    /// <summary>
    /// A caller enters through the gateway event router and waits: the router's call map entry, the
    /// queue's caller record (ids, number, name, cursor, legs list), its places in the queue's
    /// ordered sets, its two timers in the scheduler; its hold-audio command and dial-in event are
    /// garbage at once.
    /// </summary>
    [Benchmark(Description = "one waiting caller", OperationsPerInvoke = Count)]
    public void WaitingCaller()
    {
        for (var i = 0; i < Count; i++)
            engine.Send(new CallEntered("call-" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), QueueId,
                "+1555" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), "Caller"));
    }

    [IterationCleanup(Target = nameof(WaitingCaller))]
    public void CleanupCallers()
    {
        var waiting = engine.Status(QueueId).Waiting;
        if (waiting != Count) throw new InvalidOperationException($"{waiting} callers waiting, expected {Count}.");
        RetainedMemory.Record(nameof(WaitingCaller), before, Count);
        engine.Dispose();
    }

    [IterationSetup(Target = nameof(Agent))]
    public void SetupAgents()
    {
        engine = new EngineHarness();
        engine.Queue(QueueId, QueueSettings.Default);
        before = RetainedMemory.Baseline();
    }

    /// <summary>
    /// An agent is created (its actor, settings, snapshot), logged in, and made a member of one queue
    /// (the queue's member record, level counts, and its entry in the strategy's eligible index).
    /// </summary>
    [Benchmark(Description = "one agent in one queue", OperationsPerInvoke = Count)]
    public void Agent()
    {
        for (var i = 1; i <= Count; i++)
        {
            var key = AgentKey.Local(i);
            engine.Agent(key, new AgentSettings { Name = "agent " + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ExtensionId = 1000 + i });
            engine.Member(QueueId, key, level: 0, position: i);
        }
    }

    [IterationCleanup(Target = nameof(Agent))]
    public void CleanupAgents()
    {
        RetainedMemory.Record(nameof(Agent), before, Count);
        engine.Dispose();
    }
}
