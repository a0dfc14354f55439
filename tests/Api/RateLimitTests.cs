using System.Net;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>
/// Per-key rate limiting (QUEUE-SPEC §1.7) with ASP.NET Core's token bucket: a bucket of 3 that
/// refills by 1 an hour, so the test never depends on how fast it runs.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ApiHost _host = new(new Dictionary<string, string?>
    {
        ["QueueEngine:RateLimit:Burst"] = "3",
        ["QueueEngine:RateLimit:RequestsPerPeriod"] = "1",
        ["QueueEngine:RateLimit:PeriodSeconds"] = "3600",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_key_has_its_own_bucket_and_an_empty_one_answers_429_with_retry_after()
    {
        // The admin's bucket: two clients, then one more request.
        using var first = await _host.CreateTenantAsync("First");
        using var second = await _host.CreateTenantAsync("Second");
        using var admin = _host.Admin();
        await Expect(HttpStatusCode.OK, await admin.GetAsync($"/client/{first.Id}/"));
        var adminLimited = await admin.GetAsync($"/client/{first.Id}/");
        await ExpectProblem(HttpStatusCode.TooManyRequests, adminLimited);

        // The first client's bucket: three requests, then 429 whatever the endpoint.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync($"/client/{first.Id}/extension/")).StatusCode);
        var limited = await first.Http.PostAsync($"/client/{first.Id}/extension/", Json("""{"name": "101", "type": "phone"}"""));
        var problem = await ExpectProblem(HttpStatusCode.TooManyRequests, limited);
        Assert.Contains("retry after", problem["detail"]!.GetValue<string>());
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 3600);

        // The rejected request did nothing; the second client is not affected.
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync($"/client/{second.Id}/extension/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync($"/client/{second.Id}/extension/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync($"/client/{second.Id}/extension/")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.Http.GetAsync($"/client/{second.Id}/extension/")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_too_and_probes_never()
    {
        using var anonymous = _host.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await anonymous.GetAsync("/client/1/extension/")).StatusCode);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        }
    }
}
