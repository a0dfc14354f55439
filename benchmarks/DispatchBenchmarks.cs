using BenchmarkDotNet.Attributes;
using QueueEngine.Benchmarks.Support;
using QueueEngine.Domain;
using QueueEngine.Gateway;

namespace QueueEngine.Benchmarks;

/// <summary>
/// Dispatch through the real queue and agent actors (virtual time, synchronous dispatcher, so a
/// driver's <c>Tell</c> or <c>Advance</c> returns only when everything it caused is done), with
/// <see cref="Waiting"/> callers already in one queue. Each operation restores the state it
/// started from, so every operation is the same work and <see cref="Waiting"/> stays constant;
/// the figure is therefore the dispatch plus its undoing, an upper bound on the dispatch alone.
/// Callers are served strictly in entry order, which shapes both designs.
/// </summary>
[ProcessCpuClock]
public class DispatchBenchmarks
{
    private const long QueueId = 1;
    private static readonly TimeSpan NoAnswerDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private const int WarmUpOperations = 20_000;

    private EngineHarness engine = null!;
    private long entered;
    private (int Waiting, int Trying) start;

    [Params(10, 1_000, 10_000)]
    public int Waiting { get; set; }

    /// <summary>
    /// <see cref="AgentFreedRingsHead"/>: one agent, <see cref="Waiting"/> callers waiting, the agent
    /// in its no-answer delay after the head caller's ring failed.
    /// </summary>
    [GlobalSetup(Target = nameof(AgentFreedRingsHead))]
    public void SetupAgentFreed()
    {
        engine = new EngineHarness();
        engine.Queue(QueueId, QueueSettings.Default);
        var agent = AgentKey.Local(1);
        engine.Agent(agent, new AgentSettings { Name = "agent 1", ExtensionId = 101, NoAnswerDelayTime = (int)NoAnswerDelay.TotalSeconds });
        engine.Member(QueueId, agent, level: 0, position: 1);
        for (var i = 0; i < Waiting; i++)
            engine.Send(new CallEntered($"w{i}", QueueId, $"+1555{i:D7}", "Caller"));
        // The first caller was rung at once; its leg fails, so the agent goes into its delay.
        var ring = engine.Gateway.LastRing ?? throw new InvalidOperationException("The head caller was not rung.");
        engine.Send(new LegEvent(ring.CallId, ring.LegId, LegEventKind.Failed));
        start = (Waiting, 0);
        ExpectStart();
        WarmUp(AgentFreedRingsHead);
    }

    /// <summary>
    /// One agent becomes free while <see cref="Waiting"/> callers wait, and the head caller is rung:
    /// its no-answer delay expires (a virtual-time timer in the agent's actor), the agent tells the
    /// queue it is idle, the queue chooses it for the head caller, reserves it through its actor and
    /// sends <c>ring</c> to the gateway. Undone by <c>leg.failed</c>: the agent goes back into its
    /// delay and the caller back to waiting at the head (its entry order is unchanged).
    /// </summary>
    [Benchmark(Description = "agent freed -> head caller rung (+ leg fails)")]
    public void AgentFreedRingsHead()
    {
        var rings = engine.Gateway.Rings;
        engine.Clock.Advance(NoAnswerDelay);
        var ring = engine.Gateway.LastRing!;
        if (engine.Gateway.Rings != rings + 1) throw new InvalidOperationException("No ring.");
        engine.Send(new LegEvent(ring.CallId, ring.LegId, LegEventKind.Failed));
    }

    /// <summary>
    /// <see cref="CallerEntersIsRung"/>: <see cref="Waiting"/> callers in the queue, each with its own
    /// agent ringing (so none of them is waiting for an agent any more), and one more agent free.
    /// </summary>
    [GlobalSetup(Target = nameof(CallerEntersIsRung))]
    public void SetupCallerEnters()
    {
        engine = new EngineHarness();
        engine.Queue(QueueId, QueueSettings.Default);
        // The rings of the callers already there never time out during a run (time advances 1 s per operation).
        var longRing = new AgentSettings { CallTimeout = 1_000_000_000 };
        for (var i = 1; i <= Waiting; i++)
        {
            var agent = AgentKey.Local(i);
            engine.Agent(agent, longRing with { Name = $"agent {i}", ExtensionId = 100 + i });
            engine.Member(QueueId, agent, level: 0, position: i);
        }
        for (var i = 0; i < Waiting; i++)
            engine.Send(new CallEntered($"w{i}", QueueId, $"+1555{i:D7}", "Caller"));
        var free = AgentKey.Local(Waiting + 1);
        engine.Agent(free, new AgentSettings { Name = "free agent", ExtensionId = 100 + Waiting + 1, CallTimeout = 60 });
        engine.Member(QueueId, free, level: 0, position: Waiting + 1);
        start = (0, Waiting);
        ExpectStart();
        WarmUp(CallerEntersIsRung);
    }

    /// <summary>
    /// A caller enters (<c>call.entered</c> through the gateway event router) while an agent is free
    /// and <see cref="Waiting"/> callers are in the queue before it, and is rung at once: dial-in,
    /// hold audio, choose, reserve, <c>ring</c>. Undone by the caller hanging up (abandoned): its ring
    /// is cancelled and the agent is free again. Then virtual time moves on 1 s, so that the
    /// cancelled timers are dropped as they come due instead of piling up.
    /// </summary>
    [Benchmark(Description = "caller enters -> rung at once (+ hangs up)")]
    public void CallerEntersIsRung()
    {
        var rings = engine.Gateway.Rings;
        var callId = "e" + ++entered;
        engine.Send(new CallEntered(callId, QueueId, "+15550000000", "Caller"));
        if (engine.Gateway.Rings != rings + 1 || engine.Gateway.LastRing!.CallId != callId) throw new InvalidOperationException("No ring.");
        engine.Send(new CallHangup(callId));
        engine.Clock.Advance(OneSecond);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The operations must have left the state they started from.
        ExpectStart();
        engine.Dispose();
    }

    /// <summary>
    /// The engine's code path is long (router, entity parents, queue, agent, timers) and starts as
    /// unoptimized tier-0 code; a short job's few warm-up iterations would measure that, several times
    /// slower than the tier-1 code a running engine has. The operations restore the state, so running
    /// them here first changes nothing else.
    /// </summary>
    private void WarmUp(Action operation)
    {
        for (var i = 0; i < WarmUpOperations; i++) operation();
        ExpectStart();
    }

    private void ExpectStart()
    {
        var status = engine.Status(QueueId);
        if (status.Waiting != start.Waiting || status.Trying != start.Trying)
            throw new InvalidOperationException($"Expected {start.Waiting} waiting and {start.Trying} trying, got {status}.");
    }
}
