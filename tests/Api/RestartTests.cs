using System.Net;
using QueueEngine.Domain;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>
/// Everything survives a restart on the same data directory: the store reads back unchanged,
/// keys still work, ids are not reused, and the engine is loaded before the first request.
/// </summary>
public sealed class RestartTests
{
    private static readonly string[] Reads =
    [
        "/client/{c}/", "/client/{c}/extension/", "/extension/{q}/", "/extension/{p}/", "/extension/{q}/queue/",
        "/extension/{q}/queue/status/", "/client/{c}/agent/local/", "/client/{c}/agent/remote/",
        "/client/{c}/agent/local/{l}", "/client/{c}/agent/remote/{r}", "/extension/{q}/queue/agents/local/",
        "/extension/{q}/queue/agents/remote/", "/extension/{q}/queue/agents/local/{l}", "/client/{c}/sound/", "/client/{c}/sound/{s}",
    ];

    private sealed record Ids(long C, long P, long Q, long L, long R, long S, long Deleted)
    {
        public string Url(string template) => template.Replace("{c}", $"{C}").Replace("{p}", $"{P}").Replace("{q}", $"{Q}")
            .Replace("{l}", $"{L}").Replace("{r}", $"{R}").Replace("{s}", $"{S}");
    }

    /// <summary>A client with a configured queue, a logged-in local and a logged-out remote agent, and a deleted agent.</summary>
    private static async Task<Ids> Populate(HttpClient admin)
    {
        async Task<long> Post(string url, HttpContent body) => (await Expect(HttpStatusCode.Created, await admin.PostAsync(url, body)))["id"]!.GetValue<long>();
        var c = await Post("/client/", Json("""{"name": "Durable Ltd"}"""));
        var s = await Post($"/client/{c}/sound/", TestWav.Upload(TestWav.Create(3), "hold"));
        var p = await Post($"/client/{c}/extension/", Json("""{"name": "117", "type": "phone", "label": "desk"}"""));
        var q = await Post($"/client/{c}/extension/", Json("""{"name": "000*370", "type": "queue", "label": "test queue"}"""));
        await Expect(HttpStatusCode.OK, await admin.PutAsync($"/extension/{q}/queue/", Json($$"""
            {"sound": {{s}}, "strategy": "longest-idle-agent", "max_wait_time": 1800, "timeout_transfer_dst": "333",
             "tier_rule_wait_second": 15, "tier_rule_wait_multiply_level": false, "vm_mailto": "ops@example.com"}
            """)));
        var l = await Post($"/client/{c}/agent/local/", Json($$"""{"name": "Ann", "extension_id": {{p}}, "call_timeout": 30, "agent_sound_id": {{s}}}"""));
        var r = await Post($"/client/{c}/agent/remote/", Json("""{"name": "Bob", "number": "89876543210", "status": "logged_out", "wrap_up_time": 10}"""));
        var deleted = await Post($"/client/{c}/agent/remote/", Json("""{"name": "Gone", "number": "1"}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/client/{c}/agent/remote/{deleted}")).StatusCode);
        await Expect(HttpStatusCode.Created, await admin.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{l}}, "level": 1, "position": 1}""")));
        await Expect(HttpStatusCode.Created, await admin.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{r}}, "level": 2, "position": 1}""")));
        return new Ids(c, p, q, l, r, s, deleted);
    }

    private static async Task<Dictionary<string, string>> ReadAll(HttpClient client, Ids ids)
    {
        var result = new Dictionary<string, string>();
        foreach (var template in Reads)
        {
            var response = await client.GetAsync(ids.Url(template));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{template}: {(int)response.StatusCode}");
            result[template] = await response.Content.ReadAsStringAsync();
        }
        var file = await client.GetAsync(ids.Url("/client/{c}/sound/{s}/file"));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        result["file"] = Convert.ToBase64String(await file.Content.ReadAsByteArrayAsync());
        return result;
    }

    [Fact]
    public async Task A_restart_on_the_same_data_directory_reads_everything_back_into_the_api_and_the_engine()
    {
        await using var host = new ApiHost();
        using var admin = host.Admin();
        var ids = await Populate(admin);
        var before = await ReadAll(admin, ids);
        var clientKey = (await host.CreateTenantAsync("Second")).Key;

        await host.RestartAsync();

        using var adminAgain = host.Admin();
        Assert.Equal(before, await ReadAll(adminAgain, ids));
        using var second = host.WithKey(clientKey);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/client/")).StatusCode);

        // The engine was loaded from the store before the first request.
        var snapshot = await host.QueueSnapshotAsync(ids.Q);
        Assert.Equal(StrategyKind.LongestIdleAgent, snapshot.Settings.Strategy);
        Assert.Equal(ids.S, snapshot.Settings.Sound);
        Assert.Equal("ops@example.com", snapshot.Settings.VmMailto);
        Assert.Equal([new Membership(AgentKey.Local(ids.L), 1, 1), new Membership(AgentKey.Remote(ids.R), 2, 1)], snapshot.Members.OrderBy(m => m.Level));
        var local = await host.AgentStateAsync(AgentKey.Local(ids.L));
        Assert.True(local.Snapshot.LoggedIn);
        Assert.Equal(30, local.Settings!.CallTimeout);
        Assert.Equal([ids.Q], local.Queues);
        var remote = await host.AgentStateAsync(AgentKey.Remote(ids.R));
        Assert.False(remote.Snapshot.LoggedIn);
        Assert.Equal(10, remote.Settings!.WrapUpTime);
        Assert.False((await host.AgentStateAsync(AgentKey.Remote(ids.Deleted))).Exists);

        // Ids are never reused, even those of deleted agents.
        var next = await Expect(HttpStatusCode.Created, await adminAgain.PostAsync($"/client/{ids.C}/agent/local/",
            Json($$"""{"name": "New", "extension_id": {{ids.P}}}""")));
        Assert.True(next["id"]!.GetValue<long>() > ids.Deleted);
    }

    [Fact]
    public async Task The_real_service_killed_with_sigkill_keeps_every_answered_change()
    {
        var data = Path.Combine(Path.GetTempPath(), $"queue-engine-kill-{Guid.NewGuid():N}");
        try
        {
            Ids ids;
            Dictionary<string, string> before;
            await using (var first = await ServiceProcess.StartAsync(data))
            {
                using var admin = first.Client(ServiceProcess.AdminKey);
                ids = await Populate(admin);
                before = await ReadAll(admin, ids);
                // The last change is answered, then the process dies at once.
                await Expect(HttpStatusCode.OK, await admin.PutAsync($"/extension/{ids.Q}/queue/", Json("""{"strategy": "ring-all"}""")));
                await first.KillAsync();
            }
            before["/extension/{q}/queue/"] = before["/extension/{q}/queue/"].Replace("\"longest-idle-agent\"", "\"ring-all\"");

            await using var second = await ServiceProcess.StartAsync(data);
            using var adminAgain = second.Client(ServiceProcess.AdminKey);
            Assert.Equal(before, await ReadAll(adminAgain, ids));
            Assert.Equal("ready", (await Expect(HttpStatusCode.OK, await adminAgain.GetAsync("/readyz")))["status"]!.GetValue<string>());
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
