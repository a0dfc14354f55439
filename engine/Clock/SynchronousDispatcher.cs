using Akka.Configuration;
using Akka.Dispatch;

namespace QueueEngine.Clock;

/// <summary>
/// A dispatcher that runs mailboxes on the thread that makes them runnable: the thread calling
/// <c>Tell</c> (or the thread advancing the <see cref="VirtualTimeScheduler"/>) processes the message and
/// everything it causes among actors on this dispatcher before <c>Tell</c> returns. That makes the system's
/// quiet point observable without waiting.
/// </summary>
/// <remarks>
/// Mailboxes made runnable while this thread is already running one are queued and run afterwards, in
/// order, by the outermost call (a trampoline). So the stack stays flat however long a ping-pong chain
/// is, and the processing order is breadth-first and deterministic.
/// </remarks>
public sealed class SynchronousDispatcher : MessageDispatcher
{
    /// <summary>
    /// The dispatcher id to pass to <c>Props.WithDispatcher</c>. Hides the inherited instance
    /// <c>Id</c>, which Akka sets to this same config path.
    /// </summary>
    public new const string Id = "queue-engine.synchronous-dispatcher";

    /// <summary>The value for a dispatcher's <c>type</c> setting.</summary>
    public const string ConfiguratorType = "QueueEngine.Clock.SynchronousDispatcherConfigurator, QueueEngine.Engine";

    /// <summary>HOCON that registers the dispatcher under <see cref="Id"/>; part of <see cref="VirtualTime.Config"/>.</summary>
    public const string Hocon = $$"""
        queue-engine.synchronous-dispatcher {
          type = "{{ConfiguratorType}}"
          # Messages per mailbox turn; the trampoline requeues the mailbox after each turn.
          throughput = 100
          # 0 = no deadline: a deadline would read the machine clock.
          throughput-deadline-time = 0ms
        }
        """;

    // Per thread: whether a trampoline is running here, and the mailboxes it still has to run. One
    // thread-static object (one thread-local lookup per mailbox made runnable, not two).
    [ThreadStatic] private static Trampoline? _trampoline;

    private sealed class Trampoline
    {
        public readonly Queue<IRunnable> Pending = new();
        public bool Draining;
    }

    /// <summary>True while this thread is running mailboxes of a synchronous dispatcher.</summary>
    internal static bool IsRunningOnThisThread => _trampoline is { Draining: true };

    public SynchronousDispatcher(MessageDispatcherConfigurator configurator) : base(configurator)
    {
    }

    protected override void ExecuteTask(IRunnable run)
    {
        var trampoline = _trampoline ??= new Trampoline();
        if (trampoline.Draining)
        {
            trampoline.Pending.Enqueue(run);
            return;
        }

        trampoline.Draining = true;
        try
        {
            RunSafely(run);
            var pending = trampoline.Pending;
            while (pending.TryDequeue(out var next))
                RunSafely(next);
        }
        finally
        {
            trampoline.Draining = false;
        }
    }

    // A mailbox handles actor failures itself; anything escaping here must not strand the queued
    // mailboxes (they are marked scheduled and would never run again), so report it and go on.
    private void RunSafely(IRunnable run)
    {
        try
        {
            run.Run();
        }
        catch (Exception e)
        {
            ReportFailure(e);
        }
    }

    protected override void Shutdown()
    {
        // No threads or resources to release.
    }
}

/// <summary>Creates the single <see cref="SynchronousDispatcher"/> for its configuration section.</summary>
public sealed class SynchronousDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly SynchronousDispatcher _instance;

    public SynchronousDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _instance = new SynchronousDispatcher(this);
    }

    public override MessageDispatcher Dispatcher() => _instance;
}
