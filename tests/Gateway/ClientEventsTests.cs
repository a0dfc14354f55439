using System.Globalization;
using System.Net;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Gateway;

/// <summary>
/// GET /client/{id}/events carries only that client's events (the admin may watch any client), and
/// GET /client/{id}/agent_events/ keeps the agents' logins and logouts.
/// </summary>
public sealed class ClientEventsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task A_client_sees_only_its_own_events_and_the_admin_sees_any_client()
    {
        using var a = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out", name: "A");
        using var b = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out", name: "B");
        using var gateway = _host.Gateway();
        using var admin = _host.Admin();
        await using var streamA = await a.EventsAsync();
        await using var streamB = await b.EventsAsync();
        await using var adminOnA = await SseReader.OpenAsync(admin, $"/client/{a.Tenant.Id}/events");

        await gateway.SendAsync(a.Entered("iso-a"));
        await gateway.SendAsync(b.Entered("iso-b"));
        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "iso-a"}""");

        // A's stream: exactly A's four events, numbered 1 to 4, though B's came in between.
        var seen = new List<SseEvent>();
        for (var i = 0; i < 4; i++) seen.Add(await streamA.NextAsync());
        Assert.Equal(new[] { ("1", "dial-in"), ("2", "queue-status"), ("3", "hangup"), ("4", "queue-status") }, seen.Select(e => (e.Id ?? "", e.Event ?? "")));
        Assert.All(seen, e => Assert.Equal(a.QueueId, e.Json["extension_id"]!.GetValue<long>()));
        Assert.Equal(("iso-a", "+15550100"), (seen[0].Str("call_id"), seen[0].Str("caller_number")));
        Assert.Equal(("iso-a", "abandoned"), (seen[2].Str("call_id"), seen[2].Str("reason")));

        // B's first event is its own: nothing of A's came before it.
        var firstOfB = await streamB.NextAsync();
        Assert.Equal(("dial-in", "iso-b"), (firstOfB.Event, firstOfB.Str("call_id")));
        Assert.Equal("dial-in", (await adminOnA.NextAsync()).Event);

        // Another client's stream is not found, like everything of another client.
        var request = new HttpRequestMessage(HttpMethod.Get, $"/client/{b.Tenant.Id}/events");
        await ExpectProblem(HttpStatusCode.NotFound, await a.Api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "iso-b"}""");
    }

    [Fact]
    public async Task Agent_logins_and_logouts_stream_and_are_kept_with_filters()
    {
        using var cc = await CallCenter.CreateAsync(_host);
        await using var events = await cc.EventsAsync();
        var api = cc.Api;
        var agentUrl = $"/client/{cc.Tenant.Id}/agent/local/{cc.AgentId}";
        await Expect(HttpStatusCode.OK, await api.PutAsync(agentUrl, Json("""{"status": "logged_out"}""")));
        var logout = await events.NextAsync("agent-logout");
        Assert.Equal((cc.AgentId, "local"), (logout.Json["agent_id"]!.GetValue<long>(), logout.Str("agent_kind")));
        await Expect(HttpStatusCode.OK, await api.PutAsync(agentUrl, Json("""{"status": "available"}""")));
        await events.NextAsync("agent-login");
        var other = (await Expect(HttpStatusCode.Created, await api.PostAsync($"/client/{cc.Tenant.Id}/agent/remote/",
            Json("""{"name": "Bob", "number": "100"}"""))))["id"]!.GetValue<long>();

        var all = await Http.ReadArray(await api.GetAsync($"/client/{cc.Tenant.Id}/agent_events/"));
        Assert.Equal(new[] { ("agent-login", cc.AgentId), ("agent-logout", cc.AgentId), ("agent-login", cc.AgentId), ("agent-login", other) },
            all.Select(e => (e!["event"]!.GetValue<string>(), e["agent_id"]!.GetValue<long>())));
        Assert.Equal("remote", all[3]!["agent_kind"]!.GetValue<string>());
        var times = all.Select(e => DateTimeOffset.Parse(e!["time"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.EndsWith("Z", all[0]!["time"]!.GetValue<string>());

        var ofAgent = await Http.ReadArray(await api.GetAsync($"/client/{cc.Tenant.Id}/agent_events/?agent_id={other}"));
        Assert.Single(ofAgent);
        var from = Uri.EscapeDataString(times[1].ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(times[3].ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture));
        var window = await Http.ReadArray(await api.GetAsync($"/client/{cc.Tenant.Id}/agent_events/?from={from}&to={to}"));
        // Answers show milliseconds; the filter compares the stored times, which agree with them on millisecond bounds.
        var expected = all.Where((_, i) => times[i] >= times[1] && times[i] < times[3]).Select(e => e!["id"]!.GetValue<long>());
        Assert.Equal(expected, window.Select(e => e!["id"]!.GetValue<long>()));
        Assert.Contains("agent-logout", window.Select(e => e!["event"]!.GetValue<string>()));
        Assert.DoesNotContain(other, window.Select(e => e!["agent_id"]!.GetValue<long>()));
        Assert.Empty(await Http.ReadArray(await api.GetAsync($"/client/{cc.Tenant.Id}/agent_events/?to=2000-01-01")));
        Assert.Equal(2, (await Http.ReadArray(await api.GetAsync($"/client/{cc.Tenant.Id}/agent_events/?limit=2"))).Count);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2024-13-01", "to")]
    [InlineData("from=01/02/2024", "from")]
    [InlineData("agent_id=x", "agent_id")]
    [InlineData("limit=0", "limit")]
    [InlineData("colour=red", "colour")]
    public async Task Bad_agent_event_filters_are_400(string query, string field)
    {
        using var t = await _host.CreateTenantAsync();
        await ExpectInvalid(await t.Http.GetAsync($"/client/{t.Id}/agent_events/?{query}"), field);
    }

    [Fact]
    public async Task Agent_events_of_another_client_are_not_found()
    {
        using var a = await _host.CreateTenantAsync("A");
        using var b = await _host.CreateTenantAsync("B");
        await ExpectProblem(HttpStatusCode.NotFound, await a.Http.GetAsync($"/client/{b.Id}/agent_events/"));
        using var admin = _host.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/client/{b.Id}/agent_events/")).StatusCode);
    }
}

/// <summary>The history across a restart: the start-up load restores statuses, it does not log anyone in again.</summary>
public sealed class AgentEventsRestartTests
{
    [Fact]
    public async Task A_restart_adds_no_logins_and_keeps_the_history()
    {
        await using var host = new ApiHost();
        using var cc = await CallCenter.CreateAsync(host);
        var url = $"/client/{cc.Tenant.Id}/agent_events/";
        var before = await Http.ReadArray(await cc.Api.GetAsync(url));
        Assert.Single(before);

        await host.RestartAsync();
        using var api = host.WithKey(cc.Tenant.Key);
        var after = await Http.ReadArray(await api.GetAsync(url));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.True((await host.AgentStateAsync(QueueEngine.Domain.AgentKey.Local(cc.AgentId))).Snapshot.LoggedIn);
    }
}
