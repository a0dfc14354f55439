using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>
/// Every route of the service answers the same with and without the trailing slash, and this test
/// covers every route the service maps (checked against its endpoint table).
/// </summary>
public sealed partial class RouteFormsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private sealed record Case(string Method, string Route, Func<Task<string>> Url, Func<HttpContent?> Body, HttpStatusCode Expected,
        bool AsAdmin = false, bool AsGateway = false, bool Stream = false);

    [Fact]
    public async Task Every_route_works_with_and_without_the_trailing_slash()
    {
        using var t = await _host.CreateTenantAsync();
        var api = t.Http;
        var c = t.Id;
        async Task<long> Post(string url, HttpContent body) => (await Expect(HttpStatusCode.Created, await api.PostAsync(url, body)))["id"]!.GetValue<long>();
        var seq = 0;
        Task<long> Phone() => Post($"/client/{c}/extension/", Json($$"""{"name": "p{{++seq}}", "type": "phone"}"""));
        Task<long> Queue() => Post($"/client/{c}/extension/", Json($$"""{"name": "q{{++seq}}", "type": "queue"}"""));
        Task<long> Remote() => Post($"/client/{c}/agent/remote/", Json("""{"name": "Bob", "number": "100"}"""));
        async Task<long> Local(long phone) => await Post($"/client/{c}/agent/local/", Json($$"""{"name": "Ann", "extension_id": {{phone}}}"""));
        Task<long> Sound() => Post($"/client/{c}/sound/", TestWav.Upload(TestWav.Create(1)));
        async Task<long> Member(long queue, string kind, long agent)
        {
            await Expect(HttpStatusCode.Created, await api.PostAsync($"/extension/{queue}/queue/agents/{kind}/", Json($$"""{"agent_id": {{agent}}}""")));
            return agent;
        }

        var phone = await Phone();
        var queue = await Queue();
        var local = await Local(phone);
        var remote = await Remote();
        var sound = await Sound();
        await Member(queue, "local", local);
        await Member(queue, "remote", remote);

        Func<Task<string>> Fixed(string url) => () => Task.FromResult(url);
        Func<HttpContent?> None = () => null;
        Func<HttpContent?> Body(string json) => () => Json(json);
        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, gone = HttpStatusCode.NoContent, invalid = HttpStatusCode.BadRequest;
        Case[] cases =
        [
            new("GET", "/healthz", Fixed("/healthz"), None, ok),
            new("GET", "/readyz", Fixed("/readyz"), None, ok),
            new("GET", "/client", Fixed("/client"), None, ok),
            new("POST", "/client", Fixed("/client"), Body("{}"), invalid, AsAdmin: true),
            new("GET", "/client/{client_id}", Fixed($"/client/{c}"), None, ok),
            new("GET", "/client/{client_id}/extension", Fixed($"/client/{c}/extension"), None, ok),
            new("POST", "/client/{client_id}/extension", Fixed($"/client/{c}/extension"), Body("{}"), invalid),
            new("GET", "/extension/{extension_id}", Fixed($"/extension/{phone}"), None, ok),
            new("PUT", "/extension/{extension_id}", Fixed($"/extension/{phone}"), Body("{}"), ok),
            new("DELETE", "/extension/{extension_id}", async () => $"/extension/{await Phone()}", None, gone),
            new("GET", "/extension/{extension_id}/queue", Fixed($"/extension/{queue}/queue"), None, ok),
            new("PUT", "/extension/{extension_id}/queue", Fixed($"/extension/{queue}/queue"), Body("{}"), ok),
            new("GET", "/extension/{extension_id}/queue/status", Fixed($"/extension/{queue}/queue/status"), None, ok),
            new("GET", "/client/{client_id}/agent/local", Fixed($"/client/{c}/agent/local"), None, ok),
            new("POST", "/client/{client_id}/agent/local", Fixed($"/client/{c}/agent/local"), Body("{}"), invalid),
            new("GET", "/client/{client_id}/agent/local/{agent_id}", Fixed($"/client/{c}/agent/local/{local}"), None, ok),
            new("PUT", "/client/{client_id}/agent/local/{agent_id}", Fixed($"/client/{c}/agent/local/{local}"), Body("{}"), ok),
            new("DELETE", "/client/{client_id}/agent/local/{agent_id}", async () => $"/client/{c}/agent/local/{await Local(phone)}", None, gone),
            new("GET", "/client/{client_id}/agent/remote", Fixed($"/client/{c}/agent/remote"), None, ok),
            new("POST", "/client/{client_id}/agent/remote", Fixed($"/client/{c}/agent/remote"), Body("{}"), invalid),
            new("GET", "/client/{client_id}/agent/remote/{agent_id}", Fixed($"/client/{c}/agent/remote/{remote}"), None, ok),
            new("PUT", "/client/{client_id}/agent/remote/{agent_id}", Fixed($"/client/{c}/agent/remote/{remote}"), Body("{}"), ok),
            new("DELETE", "/client/{client_id}/agent/remote/{agent_id}", async () => $"/client/{c}/agent/remote/{await Remote()}", None, gone),
            new("GET", "/extension/{extension_id}/queue/agents/local", Fixed($"/extension/{queue}/queue/agents/local"), None, ok),
            new("POST", "/extension/{extension_id}/queue/agents/local", Fixed($"/extension/{queue}/queue/agents/local"), Body("{}"), invalid),
            new("GET", "/extension/{extension_id}/queue/agents/local/{agent_id}", Fixed($"/extension/{queue}/queue/agents/local/{local}"), None, ok),
            new("PUT", "/extension/{extension_id}/queue/agents/local/{agent_id}", Fixed($"/extension/{queue}/queue/agents/local/{local}"), Body("{}"), ok),
            new("DELETE", "/extension/{extension_id}/queue/agents/local/{agent_id}",
                async () => $"/extension/{queue}/queue/agents/local/{await Member(queue, "local", await Local(phone))}", None, gone),
            new("GET", "/extension/{extension_id}/queue/agents/remote", Fixed($"/extension/{queue}/queue/agents/remote"), None, ok),
            new("POST", "/extension/{extension_id}/queue/agents/remote", Fixed($"/extension/{queue}/queue/agents/remote"), Body("{}"), invalid),
            new("GET", "/extension/{extension_id}/queue/agents/remote/{agent_id}", Fixed($"/extension/{queue}/queue/agents/remote/{remote}"), None, ok),
            new("PUT", "/extension/{extension_id}/queue/agents/remote/{agent_id}", Fixed($"/extension/{queue}/queue/agents/remote/{remote}"), Body("{}"), ok),
            new("DELETE", "/extension/{extension_id}/queue/agents/remote/{agent_id}",
                async () => $"/extension/{queue}/queue/agents/remote/{await Member(queue, "remote", await Remote())}", None, gone),
            new("GET", "/client/{client_id}/sound", Fixed($"/client/{c}/sound"), None, ok),
            new("POST", "/client/{client_id}/sound", Fixed($"/client/{c}/sound"), () => TestWav.Upload(TestWav.Create(1)), created),
            new("GET", "/client/{client_id}/sound/{sound_id}", Fixed($"/client/{c}/sound/{sound}"), None, ok),
            new("GET", "/client/{client_id}/sound/{sound_id}/file", Fixed($"/client/{c}/sound/{sound}/file"), None, ok),
            new("DELETE", "/client/{client_id}/sound/{sound_id}", async () => $"/client/{c}/sound/{await Sound()}", None, gone),
            new("GET", "/client/{client_id}/events", Fixed($"/client/{c}/events"), None, ok, Stream: true),
            new("GET", "/client/{client_id}/agent_events", Fixed($"/client/{c}/agent_events"), None, ok),
            new("GET", "/extension/{extension_id}/queue/callers", Fixed($"/extension/{queue}/queue/callers"), None, ok),
            new("POST", "/gateway/events", Fixed("/gateway/events"), Body("{}"), invalid, AsGateway: true),
            new("GET", "/gateway/commands", Fixed("/gateway/commands"), None, ok, AsGateway: true, Stream: true),
        ];

        using var admin = _host.Admin();
        using var gateway = _host.Gateway();
        foreach (var @case in cases)
        foreach (var slash in new[] { "", "/" })
        {
            var url = await @case.Url() + slash;
            var client = @case.AsAdmin ? admin : @case.AsGateway ? gateway : api;
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(@case.Method), url) { Content = @case.Body() },
                HttpCompletionOption.ResponseHeadersRead);
            if (@case.Stream)
            {
                // A stream never ends: its headers are the answer.
                Assert.True(@case.Expected == response.StatusCode, $"{@case.Method} {url}: expected {(int)@case.Expected}, got {(int)response.StatusCode}");
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                continue;
            }
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(@case.Expected == response.StatusCode, $"{@case.Method} {url}: expected {(int)@case.Expected}, got {(int)response.StatusCode} {text}");
            if (@case.Expected == invalid) Assert.Contains("\"errors\"", text); // the handler answered, not routing
        }

        // The cases are exactly the service's routes (the OpenAPI document's own route aside).
        var mapped = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Where(r => !r.Contains("/openapi/"))
            .ToHashSet();
        Assert.Equal(mapped.Order(), cases.Select(x => $"{x.Method} {x.Route}").Order());
    }

    /// <summary>"/client/{client_id:long}/" → "/client/{client_id}".</summary>
    internal static string Normalize(string template) => Constraint().Replace(template, "}").TrimEnd('/') is var t && t.StartsWith('/') ? t : "/" + t;

    [GeneratedRegex(":[a-z]+}")]
    private static partial Regex Constraint();
}
