using System.Net;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Gateway;

/// <summary>The gateway key opens /gateway/* and nothing else; client and admin keys do not open it; its rate limit is its own.</summary>
public sealed class GatewaySecurityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static HttpRequestMessage CommandsRequest() => new(HttpMethod.Get, "/gateway/commands");

    [Fact]
    public async Task Only_the_gateway_key_opens_the_gateway_endpoints()
    {
        using var t = await _host.CreateTenantAsync();
        using var admin = _host.Admin();
        using var anonymous = _host.Anonymous();
        using var wrong = _host.WithKey("not-a-key");
        const string hangup = """{"event": "call.hangup", "call_id": "sec-1"}""";

        foreach (var (client, status) in new[] { (t.Http, HttpStatusCode.Forbidden), (admin, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized), (wrong, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(status, (await client.PostEventAsync(hangup)).StatusCode);
            Assert.Equal(status, (await client.SendAsync(CommandsRequest(), HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        }
        using var gateway = _host.Gateway();
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(hangup)); // in, and answered
    }

    [Fact]
    public async Task The_gateway_key_does_not_open_the_rest_api_nor_the_event_streams()
    {
        using var t = await _host.CreateTenantAsync();
        using var gateway = _host.Gateway();
        foreach (var url in new[] { "/client/", $"/client/{t.Id}/", $"/client/{t.Id}/extension/", $"/client/{t.Id}/events", $"/client/{t.Id}/agent_events/" })
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.PostAsync("/client/", Json("""{"name": "x"}"""))).StatusCode);
    }
}

/// <summary>A gateway bucket of 3 and a client bucket of 3: each runs out on its own.</summary>
public sealed class GatewayRateLimitFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["QueueEngine:RateLimit:Burst"] = "3",
        ["QueueEngine:RateLimit:RequestsPerPeriod"] = "1",
        ["QueueEngine:RateLimit:PeriodSeconds"] = "3600",
        ["QueueEngine:GatewayRateLimit:Burst"] = "3",
        ["QueueEngine:GatewayRateLimit:RequestsPerPeriod"] = "1",
        ["QueueEngine:GatewayRateLimit:PeriodSeconds"] = "3600",
    };
}

public sealed class GatewayRateLimitTests(GatewayRateLimitFixture fixture) : IClassFixture<GatewayRateLimitFixture>
{
    [Fact]
    public async Task The_gateway_has_a_bucket_of_its_own()
    {
        var host = fixture.Host;
        using var gateway = host.Gateway();
        using var admin = host.Admin();
        const string hangup = """{"event": "call.hangup", "call_id": "rl-1"}""";
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await gateway.PostEventAsync(hangup)).StatusCode);
        var limited = await gateway.PostEventAsync(hangup);
        await ExpectProblem(HttpStatusCode.TooManyRequests, limited);
        Assert.True(limited.Headers.RetryAfter is not null);

        // The admin's bucket is untouched by the gateway's, and the other way round.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/client/")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/client/")).StatusCode);
    }
}
