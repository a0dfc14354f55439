using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.Features;

namespace QueueEngine.Host.Api;

/// <summary>
/// A stream of server-sent events (<c>text/event-stream</c>) written with
/// <see cref="SseFormatter"/>. Unlike ASP.NET's <c>TypedResults.ServerSentEvents</c>, whose headers
/// go out only with the first event, the headers are sent at once: a client knows it is connected
/// (and subscribed) before anything happens. Each event is flushed as it is written.
/// </summary>
public sealed class ServerSentEventStream(IAsyncEnumerable<SseItem<string>> events) : IResult
{
    /// <summary>
    /// Ends when the client goes away or the service stops (a stream never ends by itself, and a
    /// shutdown must not wait for it). Disposed with the response.
    /// </summary>
    public static CancellationToken Lifetime(HttpContext http)
    {
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.RegisterForDispose(linked);
        return linked.Token;
    }

    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentEncoding = "identity";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = http.RequestAborted;
        try
        {
            await response.Body.FlushAsync(ct);
            await SseFormatter.WriteAsync(events, new FlushEachWrite(response.Body), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
    }
}

/// <summary>Passes writes on and flushes after each: the formatter writes one event per write.</summary>
internal sealed class FlushEachWrite(Stream inner) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Flush() => throw new NotSupportedException("synchronous I/O");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous I/O");
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
