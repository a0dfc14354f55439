using System.Runtime.CompilerServices;

namespace QueueEngine.Gateway;

/// <summary>A gateway command with the id it was given on the command stream.</summary>
public readonly record struct LoggedCommand(long Id, IGatewayCommand Command);

/// <summary>
/// The engine's commands in the order issued, each with an increasing id, kept so that a gateway
/// that reconnects with <c>Last-Event-ID</c> gets every command after it, none lost and none
/// twice. Ids start at <c>epoch × 10^12</c>: the host gives every start a higher epoch, so ids keep
/// increasing across restarts and a gateway's old Last-Event-ID never hides new commands.
/// Holds the last <c>capacity</c> commands. Thread-safe: one writer (the gateway actor), any
/// number of readers.
/// </summary>
public sealed class CommandLog(long epoch, int capacity = 200_000)
{
    public const long IdsPerEpoch = 1_000_000_000_000;

    private readonly object _gate = new();
    // A ring of the last `capacity` commands; ids are consecutive, so a command's slot is its id.
    private readonly IGatewayCommand[] _ring = new IGatewayCommand[capacity];
    private readonly long _firstId = epoch * IdsPerEpoch + 1;
    private long _nextId = epoch * IdsPerEpoch + 1;
    private TaskCompletionSource _appended = NewSignal();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The id the next command will get.</summary>
    public long NextId
    {
        get { lock (_gate) return _nextId; }
    }

    public long Append(IGatewayCommand command)
    {
        TaskCompletionSource signal;
        long id;
        lock (_gate)
        {
            id = _nextId++;
            _ring[id % capacity] = command;
            signal = _appended;
            _appended = NewSignal();
        }
        signal.TrySetResult();
        return id;
    }

    /// <summary>The commands after <paramref name="afterId"/> that are held now, oldest first.</summary>
    public List<LoggedCommand> After(long afterId, out Task appended)
    {
        lock (_gate)
        {
            appended = _appended.Task;
            var oldestHeld = Math.Max(_firstId, _nextId - capacity);
            var from = Math.Max(afterId + 1, oldestHeld);
            var result = new List<LoggedCommand>((int)Math.Max(0, _nextId - from));
            for (var id = from; id < _nextId; id++) result.Add(new LoggedCommand(id, _ring[id % capacity]));
            return result;
        }
    }

    /// <summary>Every command after <paramref name="afterId"/>, then each new one as it comes, until cancelled.</summary>
    public async IAsyncEnumerable<LoggedCommand> Follow(long afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterId;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = After(last, out var appended);
            foreach (var item in batch)
            {
                yield return item;
                last = item.Id;
            }
            if (batch.Count == 0)
            {
                try
                {
                    await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }
}
