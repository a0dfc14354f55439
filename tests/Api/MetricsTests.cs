using System.Net;
using QueueEngine.Gateway;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>The Prometheus scrape endpoint serves the project's own metrics.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_are_scraped_anonymously_and_count_calls()
    {
        await using var host = new ApiHost();
        using var tenant = await host.CreateTenantAsync();
        var queue = await Expect(HttpStatusCode.Created, await tenant.Http.PostAsync(
            $"/client/{tenant.Id}/extension/", Json("""{"name": "q", "type": "queue"}""")));
        var queueId = queue["id"]!.GetValue<long>();
        await Expect(HttpStatusCode.OK, await tenant.Http.PutAsync($"/extension/{queueId}/queue/", Json("""{"exit_with_no_av_agents": false}""")));
        await host.GatewayEventAsync(new CallEntered("metrics-1", queueId, "+1", null));

        using var anonymous = host.Anonymous();
        // The listener counts the call asynchronously: scrape until it shows (bounded).
        string text = "";
        for (var attempt = 0; attempt < 200 && !text.Contains($"queue=\"{queueId}\""); attempt++)
        {
            var response = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("queueengine_calls_entered", text);
        Assert.Contains("queueengine_callers_waiting", text);
        Assert.Contains($"queue=\"{queueId}\"", text);
    }
}
