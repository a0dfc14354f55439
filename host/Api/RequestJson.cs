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
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (default, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (default, Problems.Validation("$", "a JSON body is required"));
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
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
    }

    private static IResult TooLarge(long maxBytes) => Problems.TooLarge($"A JSON body may have at most {maxBytes} bytes.");
}
