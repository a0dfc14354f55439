using Akka.Actor;
using Akka.Configuration;
using QueueEngine.Agents;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Queues;

namespace QueueEngine.Tests.Support;

/// <summary>
/// A manual gateway behaviour: agents react only as a test scripts them (by agent), playbacks
/// last as long as the sound table says, digits are entered only when scripted.
/// </summary>
public sealed class ScriptedBehavior : IGatewayBehavior
{
    public Dictionary<AgentKey, Func<Ring, AgentReaction?>> Agents { get; } = new();
    public Dictionary<long, TimeSpan> SoundLengths { get; } = new();
    public TimeSpan? DefaultSoundLength { get; set; }
    public Func<CollectDigits, (string, TimeSpan)?>? Digits { get; set; }

    public AgentReaction? OnRing(Ring ring) => Agents.TryGetValue(ring.Agent, out var f) ? f(ring) : null;

    public TimeSpan? PlaybackDuration(Play play) =>
        play.SoundId is { } id && SoundLengths.TryGetValue(id, out var length) ? length : DefaultSoundLength;

    public (string Digits, TimeSpan After)? OnCollectDigits(CollectDigits request) => Digits?.Invoke(request);
}

/// <summary>
/// Runs the real engine actors on virtual time with the synchronous dispatcher: when a test's
/// Tell or Advance returns, everything it caused has happened. Commands the engine sends and
/// events it publishes are recorded with their virtual times.
/// </summary>
public abstract class EngineTestKit : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config TestConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        """).WithFallback(VirtualTime.Config);

    protected EngineTestKit(EngineOptions? options = null, ICallerStore? callers = null) : base(TestConfig)
    {
        Clock = VirtualTime.Of(Sys);
        Behavior = new ScriptedBehavior();
        Options = (options ?? new EngineOptions()) with { Dispatcher = SynchronousDispatcher.Id };
        Action<EngineEvent> record = e => { Events.Add(e); Timeline.Add(e); };
        var recorder = Sys.ActorOf(Props.Create(typeof(EventRecorder), record).WithDispatcher(SynchronousDispatcher.Id));
        Sys.EventStream.Subscribe(recorder, typeof(EngineEvent));
        Engine = QueueEngineSystem.Start(Sys, Options, router => Sys.ActorOf(
            SimulatedGateway.Props(router, Behavior, c => { Commands.Add(c); Timeline.Add(c.Command); }).WithDispatcher(SynchronousDispatcher.Id), "gateway"),
            callers);
    }

    protected VirtualTimeScheduler Clock { get; }
    protected ScriptedBehavior Behavior { get; }
    protected EngineOptions Options { get; }
    protected EngineRefs Engine { get; }
    protected List<GatewayCommandRecord> Commands { get; } = new();
    protected List<EngineEvent> Events { get; } = new();
    /// <summary>Commands and events in the one order in which they happened.</summary>
    protected List<object> Timeline { get; } = new();

    protected double Elapsed => Clock.Elapsed.TotalSeconds;

    // ------------------------------------------------------------ set-up

    protected void Queue(long id, QueueSettings? settings = null) =>
        Ask<QueueConfigured>(Engine.Queues, new ConfigureQueue(id, settings ?? QueueSettings.Default));

    protected AgentKey Agent(long id, AgentSettings? settings = null, AgentKind kind = AgentKind.Local)
    {
        var key = new AgentKey(kind, id);
        Ask<AgentConfigured>(Engine.Agents, new ConfigureAgent(key, settings ?? new AgentSettings { Name = $"agent {id}", ExtensionId = 100 + id }));
        return key;
    }

    protected void Member(long queue, AgentKey agent, int level = 0, int position = 0) =>
        Ask<MembershipChanged>(Engine.Queues, new SetMember(queue, new Membership(agent, level, position)));

    protected void RemoveMember(long queue, AgentKey agent) =>
        Ask<MembershipChanged>(Engine.Queues, new RemoveMember(queue, agent));

    protected void Login(AgentKey agent, bool loggedIn)
    {
        var s = State(agent).Settings!;
        Ask<AgentConfigured>(Engine.Agents, new ConfigureAgent(agent, s with { Status = loggedIn ? AgentStatus.Available : AgentStatus.LoggedOut }));
    }

    // ------------------------------------------------------------ gateway side

    protected void Send(IGatewayEvent e) => Engine.GatewayEvents.Tell(e, ActorRefs.NoSender);

    protected void Enter(string callId, long queue, string number = "+100", string? name = "Caller") =>
        Send(new CallEntered(callId, queue, number, name));

    protected void Leg(string legId, LegEventKind kind) => Send(new LegEvent(CallOfLeg(legId), legId, kind));

    /// <summary>Answers the leg currently ringing <paramref name="agent"/>.</summary>
    protected string AnswerBy(AgentKey agent)
    {
        var ring = LastRing(agent);
        Leg(ring.LegId, LegEventKind.Answered);
        return ring.LegId;
    }

    protected void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    protected void AdvanceTo(double secondsSinceEpoch) => Clock.AdvanceTo(VirtualTimeScheduler.Epoch.AddSeconds(secondsSinceEpoch));

    // ------------------------------------------------------------ observations

    /// <summary>Seconds since the start of the test's virtual time.</summary>
    protected static double At(GatewayCommandRecord r) => (r.Time - VirtualTimeScheduler.Epoch).TotalSeconds;

    protected static double At(EngineEvent e) => (e.Time - VirtualTimeScheduler.Epoch).TotalSeconds;

    protected IEnumerable<T> Sent<T>() where T : IGatewayCommand => Commands.Select(c => c.Command).OfType<T>();

    protected IEnumerable<T> Published<T>() where T : EngineEvent => Events.OfType<T>();

    protected List<AgentKey> RungAgents() => Sent<Ring>().Select(r => r.Agent).ToList();

    protected Ring LastRing(AgentKey agent) => Sent<Ring>().Last(r => r.Agent == agent);

    protected string CallOfLeg(string legId) => Sent<Ring>().Single(r => r.LegId == legId).CallId;

    protected QueueStatus Status(long queue) => Ask<QueueStatus>(Engine.Queues, new GetQueueStatus(queue));

    protected QueueSnapshot Snapshot(long queue) => Ask<QueueSnapshot>(Engine.Queues, new GetQueueSnapshot(queue));

    protected AgentState State(AgentKey agent) => Ask<AgentState>(Engine.Agents, new GetAgentState(agent));

    protected CallerHangup EndOf(string callId) => Published<CallerHangup>().Single(h => h.CallId == callId);

    protected void AssertStatus(long queue, int waiting, int trying, int answered) =>
        Assert.Equal(new QueueStatus(queue, waiting, trying, answered), Status(queue));

    /// <summary>On the synchronous dispatcher an Ask is answered before Tell returns.</summary>
    protected T Ask<T>(IActorRef target, object message)
    {
        var task = target.Ask<T>(message);
        Assert.True(task.IsCompleted, $"{message.GetType().Name} was not answered synchronously");
        return task.Result;
    }

    private sealed class EventRecorder : ReceiveActor
    {
        public EventRecorder(Action<EngineEvent> record) => Receive<EngineEvent>(record);
    }
}
