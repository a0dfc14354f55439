using System.Threading.Channels;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Setup;

namespace QueueEngine.Host.Events;

/// <summary>One §5 event for one client: its number in that client's stream, its name and its JSON.</summary>
public sealed record ClientEventItem(long Id, string Name, string Json);

/// <summary>
/// The open <c>GET /client/{client_id}/events</c> connections, each with a bounded channel of its
/// own. The <see cref="ClientEventHub"/> writes, the connection reads. A client that does not read
/// fast enough loses its oldest unread events (the channel keeps the newest
/// <see cref="EventStreamOptions.BufferSize"/>), with a warning in the log; events are numbered per
/// client, so a gap in the <c>id:</c> numbers shows the client what it missed. Writers never wait.
/// </summary>
public sealed class ClientEventStreams(IOptions<EventStreamOptions> options, ILogger<ClientEventStreams> log)
{
    private readonly object _gate = new();
    private Dictionary<long, Subscription[]> _byClient = new();
    private volatile int _count;

    /// <summary>Whether anyone at all is listening (the hub skips its work otherwise).</summary>
    public bool Any => _count > 0;

    public Subscription Subscribe(long clientId)
    {
        var subscription = new Subscription(this, clientId, options.Value.BufferSize, log);
        lock (_gate)
        {
            var copy = new Dictionary<long, Subscription[]>(_byClient);
            copy[clientId] = copy.TryGetValue(clientId, out var list) ? [.. list, subscription] : [subscription];
            _byClient = copy;
            _count++;
        }
        log.LogInformation("Event stream of client {ClientId} opened", clientId);
        return subscription;
    }

    /// <summary>The open connections of a client (a snapshot; never null).</summary>
    internal Subscription[] Of(long clientId) => _byClient.TryGetValue(clientId, out var list) ? list : [];

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_byClient.TryGetValue(subscription.ClientId, out var list) || !list.Contains(subscription)) return;
            var copy = new Dictionary<long, Subscription[]>(_byClient);
            var rest = list.Where(s => s != subscription).ToArray();
            if (rest.Length == 0) copy.Remove(subscription.ClientId);
            else copy[subscription.ClientId] = rest;
            _byClient = copy;
            _count--;
        }
        log.LogInformation("Event stream of client {ClientId} closed ({Dropped} events dropped)", subscription.ClientId, subscription.Dropped);
    }

    /// <summary>One connection: disposing it ends the subscription.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ClientEventStreams _owner;
        private readonly Channel<ClientEventItem> _channel;
        private readonly ILogger _log;
        private long _dropped;

        internal Subscription(ClientEventStreams owner, long clientId, int capacity, ILogger log)
        {
            _owner = owner;
            _log = log;
            ClientId = clientId;
            _channel = Channel.CreateBounded<ClientEventItem>(
                new BoundedChannelOptions(Math.Max(1, capacity))
                {
                    FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
                },
                OnDropped);
        }

        public long ClientId { get; }

        public long Dropped => Interlocked.Read(ref _dropped);

        public ChannelReader<ClientEventItem> Reader => _channel.Reader;

        internal void Write(ClientEventItem item) => _channel.Writer.TryWrite(item);

        private void OnDropped(ClientEventItem item)
        {
            var n = Interlocked.Increment(ref _dropped);
            if (n == 1 || n % 1000 == 0)
                _log.LogWarning("Event stream of client {ClientId} reads too slowly: {Dropped} events dropped so far (the oldest unread go first; last dropped id {EventId})",
                    ClientId, n, item.Id);
        }

        public void Dispose()
        {
            _channel.Writer.TryComplete();
            _owner.Unsubscribe(this);
        }
    }
}
