using Akka.Actor;
using Akka.Configuration;
using QueueEngine.Agents;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Queues;

namespace QueueEngine.Benchmarks.Support;

/// <summary>
/// The real engine actors on virtual time with the synchronous dispatcher, as the scenario tests
/// run them: when a <c>Tell</c> or an <c>Advance</c> returns, everything it caused has happened.
/// Gateway commands go to a sink that only counts rings and keeps the last one, so what is
/// measured is the engine, not a simulated telephony side.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    private static readonly Config BenchConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        """).WithFallback(VirtualTime.Config);

    public EngineHarness(EngineOptions? options = null, string name = "bench")
    {
        System = ActorSystem.Create(name, BenchConfig);
        Clock = VirtualTime.Of(System);
        var observed = Gateway;
        // Replies to the driver's set-up messages land here instead of in dead letters.
        Replies = System.ActorOf(Props.Create(typeof(ReplySink)).WithDispatcher(SynchronousDispatcher.Id), "replies");
        Engine = QueueEngineSystem.Start(System, (options ?? new EngineOptions()) with { Dispatcher = SynchronousDispatcher.Id },
            System.ActorOf(Props.Create(typeof(GatewaySink), observed).WithDispatcher(SynchronousDispatcher.Id), "gateway"));
    }

    public ActorSystem System { get; }
    public VirtualTimeScheduler Clock { get; }
    public EngineRefs Engine { get; }
    public GatewayObserver Gateway { get; } = new();
    public IActorRef Replies { get; }

    public void Queue(long id, QueueSettings settings) =>
        Engine.Queues.Tell(new ConfigureQueue(id, settings), Replies);

    public void Agent(AgentKey agent, AgentSettings settings) =>
        Engine.Agents.Tell(new ConfigureAgent(agent, settings), Replies);

    public void Member(long queue, AgentKey agent, int level, int position) =>
        Engine.Queues.Tell(new SetMember(queue, new Membership(agent, level, position)), Replies);

    /// <summary>A gateway event, as the gateway would post it.</summary>
    public void Send(IGatewayEvent e) => Engine.GatewayEvents.Tell(e, ActorRefs.NoSender);

    /// <summary>On the synchronous dispatcher an Ask is answered before Tell returns.</summary>
    public T Ask<T>(IActorRef target, object message)
    {
        var task = target.Ask<T>(message);
        if (!task.IsCompleted) throw new InvalidOperationException($"{message.GetType().Name} was not answered synchronously");
        return task.Result;
    }

    public QueueStatus Status(long queue) => Ask<QueueStatus>(Engine.Queues, new GetQueueStatus(queue));

    public void Dispose()
    {
        System.Terminate().Wait(TimeSpan.FromSeconds(10));
        System.Dispose();
    }

    private sealed class ReplySink : ReceiveActor
    {
        public ReplySink() => ReceiveAny(static _ => { });
    }

    private sealed class GatewaySink : ReceiveActor
    {
        public GatewaySink(GatewayObserver observer) => Receive<IGatewayCommand>(observer.On);
    }
}

/// <summary>What reached the gateway (written on the driver's thread: the dispatcher is synchronous).</summary>
public sealed class GatewayObserver
{
    public long Commands { get; private set; }
    public long Rings { get; private set; }
    public Ring? LastRing { get; private set; }

    internal void On(IGatewayCommand command)
    {
        Commands++;
        if (command is Ring ring)
        {
            Rings++;
            LastRing = ring;
        }
    }
}
