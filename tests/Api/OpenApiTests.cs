using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json describes every endpoint, with the fields the API really answers.</summary>
public sealed class OpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private async Task<JsonObject> Document()
    {
        using var anonymous = _host.Anonymous();
        return await Expect(HttpStatusCode.OK, await anonymous.GetAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task Every_endpoint_is_in_the_document_with_the_bearer_scheme()
    {
        var doc = await Document();
        var paths = doc["paths"]!.AsObject();
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.Contains("openapi"))
            .Where(e => e.RoutePattern.RawText != "/metrics") // Prometheus' text format, not part of the API
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count >= 38, $"only {endpoints.Count} endpoints");
        foreach (var (method, raw) in endpoints)
        {
            var path = RouteFormsTests.Normalize(raw);
            Assert.True(paths[path] is JsonObject item && item[method.ToLowerInvariant()] is JsonObject, $"{method} {path} is not in the document");
        }
        Assert.Equal("http", doc["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(doc["paths"]!["/client/{client_id}/sound"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]);
    }

    [Fact]
    public async Task The_schemas_name_exactly_the_fields_of_the_real_answers()
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        using var t = await _host.CreateTenantAsync();
        var api = t.Http;
        async Task<JsonObject> Post(string url, HttpContent body) => await Expect(HttpStatusCode.Created, await api.PostAsync(url, body));
        var phone = await Post($"/client/{t.Id}/extension/", Json("""{"name": "101", "type": "phone"}"""));
        var queue = await Post($"/client/{t.Id}/extension/", Json("""{"name": "300", "type": "queue"}"""));
        var q = queue["id"]!.GetValue<long>();
        var local = await Post($"/client/{t.Id}/agent/local/", Json($$"""{"name": "Ann", "extension_id": {{phone["id"]}}}"""));
        var remote = await Post($"/client/{t.Id}/agent/remote/", Json("""{"name": "Bob", "number": "1"}"""));
        var member = await Post($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{remote["id"]}}}"""));
        var sound = await Post($"/client/{t.Id}/sound/", TestWav.Upload(TestWav.Create(1)));
        var settings = await Expect(HttpStatusCode.OK, await api.GetAsync($"/extension/{q}/queue/"));
        var status = await Expect(HttpStatusCode.OK, await api.GetAsync($"/extension/{q}/queue/status/"));
        var client = await Expect(HttpStatusCode.OK, await api.GetAsync($"/client/{t.Id}/"));

        void Same(string schema, JsonObject answer) =>
            Assert.Equal(answer.Select(p => p.Key).Order(), schemas[schema]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Same("QueueSettingsDoc", settings);
        Same("QueueStatusResponse", status);
        Same("LocalAgentDoc", local);
        Same("RemoteAgentDoc", remote);
        Same("MembershipDoc", member);
        Same("ExtensionResponse", queue);
        Same("SoundResponse", sound);
        Same("ClientResponse", client);
    }
}
