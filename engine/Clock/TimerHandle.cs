using Akka.Actor;

namespace QueueEngine.Clock;

/// <summary>
/// A cancel handle for one scheduled item that is a flag, not a <see cref="CancellationTokenSource"/>:
/// the schedulers only ask <see cref="IsCancellationRequested"/>. A token source is made only if
/// someone asks for <see cref="Token"/> or <c>CancelAfter</c>. Thread-safe: Akka's scheduler may read
/// it from its own thread while the owner cancels.
/// </summary>
public class TimerHandle : ICancelable
{
    private volatile int _cancelled; // 0 or 1
    private CancellationTokenSource? _source;

    public bool IsCancellationRequested => _cancelled != 0 || (Volatile.Read(ref _source)?.IsCancellationRequested ?? false);

    public CancellationToken Token => Source().Token;

    public void Cancel() => Cancel(false);

    public void Cancel(bool throwOnFirstException)
    {
        // A full fence between setting the flag and looking for a source, as in Source() the other way round.
        Interlocked.Exchange(ref _cancelled, 1);
        Volatile.Read(ref _source)?.Cancel(throwOnFirstException);
    }

    public void CancelAfter(TimeSpan delay) => Source().CancelAfter(delay);

    public void CancelAfter(int millisecondsDelay) => Source().CancelAfter(millisecondsDelay);

    private CancellationTokenSource Source()
    {
        if (Volatile.Read(ref _source) is { } existing) return existing;
        var created = new CancellationTokenSource();
        var source = Interlocked.CompareExchange(ref _source, created, null) ?? created;
        if (!ReferenceEquals(source, created)) created.Dispose();
        // A cancel that came before the source existed still shows on its token.
        if (_cancelled != 0) source.Cancel();
        return source;
    }
}
