using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace QueueEngine.Routing;

/// <summary>
/// The local stand-in for a shard region: creates one child per entity id on first use and
/// forwards each message to it, using the same <see cref="IMessageExtractor"/> a shard region
/// would. Children live as long as the parent (queues and agents are long-lived).
/// </summary>
public sealed class EntityParent : ReceiveActor
{
    private readonly IMessageExtractor _extractor;
    private readonly Func<string, Props> _entityProps;
    private readonly Dictionary<string, IActorRef> _children = new();
    private readonly INumericEntityId? _numeric;
    private readonly Dictionary<long, IActorRef> _childrenByNumber = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public EntityParent(IMessageExtractor extractor, Func<string, Props> entityProps)
    {
        _extractor = extractor;
        _entityProps = entityProps;
        _numeric = extractor as INumericEntityId;
        ReceiveAny(Route);
    }

    /// <summary>
    /// A queue or agent that throws keeps its state and goes on (Resume): restarting would drop
    /// the callers it holds, which is worse than one failed message.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(ex =>
        {
            _log.Error(ex, "Entity failed; resuming it with its state");
            return Directive.Resume;
        });

    public static Props Props(IMessageExtractor extractor, Func<string, Props> entityProps) =>
        Akka.Actor.Props.Create(typeof(EntityParent), extractor, entityProps);

    private void Route(object message)
    {
        // Fast path: the entity named by a number, without building its string id each time.
        if (_numeric is not null && _numeric.TryGetNumericId(message, out var number))
        {
            if (!_childrenByNumber.TryGetValue(number, out var known))
            {
                if (_extractor.EntityId(message) is not { } entityId)
                {
                    Unroutable(message);
                    return;
                }
                _childrenByNumber[number] = known = ChildFor(entityId);
            }
            known.Forward(_extractor.EntityMessage(message));
            return;
        }

        var id = _extractor.EntityId(message);
        if (id is null)
        {
            Unroutable(message);
            return;
        }
        ChildFor(id).Forward(_extractor.EntityMessage(message));
    }

    private IActorRef ChildFor(string id)
    {
        if (!_children.TryGetValue(id, out var child))
        {
            child = Context.ActorOf(_entityProps(id), ChildName(id));
            _children[id] = child;
        }
        return child;
    }

    /// <summary>The name of the child actor of entity <paramref name="entityId"/>.</summary>
    public static string ChildName(string entityId) => Uri.EscapeDataString(entityId);

    private void Unroutable(object message)
    {
        _log.Warning("No entity id in {0}; dropped", message.GetType().Name);
        Unhandled(message);
    }
}
