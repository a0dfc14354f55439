using Akka.Actor;
using Akka.Event;
using QueueEngine.Events;
using QueueEngine.Host.Gateway;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Events;

/// <summary>
/// Listens to the engine's events (QUEUE-SPEC §5) on the EventStream and
/// <list type="bullet">
/// <item>tells <see cref="GatewayCalls"/> which leg and call ids the engine is done with;</item>
/// <item>keeps agent logins and logouts in the <see cref="LiveStore"/> (the agent events history) —
/// not those of the start-up load, which only restores the stored status;</item>
/// <item>hands each event, as JSON, to the open event streams of the client that owns its
/// extension or agent, numbered per client.</item>
/// </list>
/// It never waits: the streams' channels and the store's queue take what it gives at once.
/// </summary>
public sealed class ClientEventHub : ReceiveActor
{
    /// <summary>The engine has loaded the stored configuration: logins from now on are real ones.</summary>
    public sealed record EngineLoaded
    {
        public static readonly EngineLoaded Instance = new();
    }

    /// <summary>Answered with <see cref="Synced"/> once every event published before it was handled.</summary>
    public sealed record Sync
    {
        public static readonly Sync Instance = new();
    }

    public sealed record Synced
    {
        public static readonly Synced Instance = new();
    }

    private readonly ClientEventStreams _streams;
    private readonly TenantDirectory _directory;
    private readonly LiveStore _store;
    private readonly GatewayCalls _calls;
    private readonly Dictionary<long, long> _nextId = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _loaded;

    public ClientEventHub(ClientEventStreams streams, TenantDirectory directory, LiveStore store, GatewayCalls calls)
    {
        _streams = streams;
        _directory = directory;
        _store = store;
        _calls = calls;
        Receive<EngineEvent>(OnEvent);
        Receive<EngineLoaded>(_ => _loaded = true);
        Receive<Sync>(_ => Sender.Tell(Synced.Instance));
    }

    public static Props Props(ClientEventStreams streams, TenantDirectory directory, LiveStore store, GatewayCalls calls) =>
        Akka.Actor.Props.Create(() => new ClientEventHub(streams, directory, store, calls));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(EngineEvent));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnEvent(EngineEvent e)
    {
        try
        {
            Handle(e);
        }
        catch (Exception x) when (x is Microsoft.Data.Sqlite.SqliteException or InvalidDataException)
        {
            // The store could not say whose event it is: this event is not streamed; the hub goes on.
            _log.Error(x, "Event {0} could not be given to its client", e.Name);
        }
    }

    private void Handle(EngineEvent e)
    {
        if (e is AgentStateReported) return; // feeds the metrics only; not a client event
        _calls.OnEngineEvent(e);
        var agentEvent = e is AgentLogin or AgentLogout;
        if (!agentEvent && !_streams.Any) return;

        var clientId = e switch
        {
            CallEvent c => _directory.ClientOfExtension(c.ExtensionId),
            QueueStatusChanged s => _directory.ClientOfExtension(s.ExtensionId),
            AgentLogin l => _directory.ClientOfAgent(l.Agent.Id),
            AgentLogout l => _directory.ClientOfAgent(l.Agent.Id),
            _ => null,
        };
        if (clientId is not { } client)
        {
            _log.Debug("Event {0} belongs to no client (its extension or agent is gone); not streamed", e.Name);
            return;
        }
        if (agentEvent && _loaded)
        {
            var agent = e is AgentLogin login ? login.Agent : ((AgentLogout)e).Agent;
            _store.RecordAgentEvent(client, agent, e.Name, e.Time);
        }

        var subscribers = _streams.Of(client);
        if (subscribers.Length == 0) return;
        _nextId.TryGetValue(client, out var last);
        _nextId[client] = last + 1;
        var item = new ClientEventItem(last + 1, e.Name, EventWire.ToJson(e).ToJsonString());
        foreach (var s in subscribers) s.Write(item);
    }
}
