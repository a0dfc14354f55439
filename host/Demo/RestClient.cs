using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace QueueEngine.Host.Demo;

/// <summary>
/// A few calls of the REST API (QUEUE-SPEC §1) with one key, for the demo and the load tool: JSON
/// in, JSON out, an error answer is an exception that shows the problem body. A <c>429</c> is
/// waited out (its <c>Retry-After</c>) and sent again, a bounded number of times.
/// </summary>
public sealed class RestClient(HttpClient http)
{
    private const int MaxRetries = 100;

    public static HttpClient CreateHttpClient(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>How many answers were 429 (and sent again).</summary>
    public int RateLimited { get; private set; }

    public Task<JsonObject> PostAsync(string path, string json, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, () => new StringContent(json, Encoding.UTF8, "application/json"), ct);

    public Task<JsonObject> PutAsync(string path, string json, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, () => new StringContent(json, Encoding.UTF8, "application/json"), ct);

    public Task<JsonObject> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>Uploads a WAV file as a sound of the client (multipart: file, name).</summary>
    public Task<JsonObject> UploadSoundAsync(long clientId, string name, byte[] wav, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"client/{clientId}/sound/", () =>
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(wav);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "file", name + ".wav");
            form.Add(new StringContent(name), "name");
            return form;
        }, ct);

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRetries)
            {
                RateLimited++;
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait, ct).ConfigureAwait(false);
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException(
                    $"{method} /{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
            return JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject
                   ?? throw new HttpRequestException($"{method} /{path} did not answer a JSON object: {text}");
        }
    }

    /// <summary>A PCM WAV file of silence, <paramref name="seconds"/> long (8 kHz, 16 bit, mono).</summary>
    public static byte[] SilentWav(int seconds)
    {
        const int rate = 8000, blockAlign = 2;
        var dataLength = seconds * rate * blockAlign;
        using var stream = new MemoryStream(44 + dataLength);
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + dataLength);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1); // PCM
        w.Write((short)1); // mono
        w.Write(rate);
        w.Write(rate * blockAlign);
        w.Write((short)blockAlign);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(dataLength);
        w.Write(new byte[dataLength]);
        w.Flush();
        return stream.ToArray();
    }

    public static string Id(JsonObject o) => o["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
}
