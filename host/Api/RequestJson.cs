using System.Buffers;
using System.Text.Json;

namespace QueueEngine.Host.Api;

/// <summary>
/// Reads a request body as a <see cref="JsonElement"/> for the shared validators, which tell an
/// absent field from an explicit null. Whatever the body is, the answer is a value or a 4xx
/// problem, never a 500. (A Content-Type other than JSON is refused with 415 by routing, from
/// the endpoints' <c>Accepts</c> metadata; a body without a Content-Type is read as JSON.)
/// </summary>
public static class RequestJson
{
    public static async Task<(JsonElement Body, IResult? Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return (default, TooLarge(maxBytes));
        // The body goes into one pooled buffer, sized from Content-Length when there is one: no
        // per-request garbage on the gateway's hot path (a buffer and its copies per event).
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes, request.ContentLength ?? 4096) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) return (default, TooLarge(maxBytes));
            }
            if (length == 0) return (default, Problems.Validation("$", "a JSON body is required"));
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, Problems.Validation("$", $"is not valid JSON: {e.Message}"));
        }
        catch (ArgumentException)
        {
            return (default, Problems.Validation("$", "is not valid UTF-8 JSON"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(long maxBytes) => Problems.TooLarge($"A JSON body may have at most {maxBytes} bytes.");
}
