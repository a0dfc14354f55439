using System.Net;
using QueueEngine.Domain;
using QueueEngine.Gateway;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>/client/{client_id}/extension/ and /extension/{extension_id}/ (QUEUE-SPEC §1.5).</summary>
public sealed class ExtensionsApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static string Expected(long id, long client, string name, string? label, string type, string? callerIdName = null, string? extra = null) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = id, ["client_id"] = client, ["name"] = name, ["label"] = label, ["type"] = type, ["status"] = "active",
            ["domain"] = "sip.ringme.ru", ["create_date"] = ApiHost.CreateDate, ["caller_id_name"] = callerIdName, ["extra_params"] = extra,
            ["dial_rule_limit"] = null, ["extension_group_id"] = null, ["message_did"] = null, ["dial_rule_id"] = null,
            ["ani_rfc3325"] = false, ["did_as_transfer_caller_id"] = null,
        }.ToJsonString();

    [Fact]
    public async Task Phone_and_queue_extensions_are_created_listed_and_read()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension",
            Json("""{"name": "101", "label": "Reception", "type": "phone", "caller_id_name": "Front desk", "extra_params": "x=1"}""")));
        var phoneId = phone["id"]!.GetValue<long>();
        AssertJson(Expected(phoneId, t.Id, "101", "Reception", "phone", "Front desk", "x=1"), phone);
        var queue = await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/", Json("""{"name": "300", "type": "queue"}""")));
        var queueId = queue["id"]!.GetValue<long>();
        AssertJson(Expected(queueId, t.Id, "300", null, "queue"), queue);

        AssertJson($"[{phone.ToJsonString()}, {queue.ToJsonString()}]", await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/extension/")));
        AssertJson(phone.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{phoneId}/")));
        // A queue extension comes with its queue, in the store and in the engine.
        await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{queueId}/queue/"));
        Assert.Equal(QueueSettings.Default, (await _host.QueueSnapshotAsync(queueId)).Settings);
    }

    [Fact]
    public async Task Extension_bodies_are_validated()
    {
        using var t = await _host.CreateTenantAsync();
        var url = $"/client/{t.Id}/extension/";
        await ExpectInvalid(await t.Http.PostAsync(url, Json("{}")), "name", "type");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "101", "type": "fax"}""")), "type");
        await ExpectInvalid(await t.Http.PostAsync(url, Json($$"""{"name": "{{new string('1', 65)}}", "type": "phone"}""")), "name");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""
            {"id": 5, "name": " ", "type": "phone", "status": "active", "label": 1, "caller_id_name": false, "extra_params": [], "color": "red"}
            """)), "id", "name", "status", "label", "caller_id_name", "extra_params", "color");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "101" "type": "phone"}""")), "$");
        Assert.Empty(await ReadArray(await t.Http.GetAsync(url)));
    }

    [Fact]
    public async Task Names_are_unique_within_a_client()
    {
        using var t = await _host.CreateTenantAsync();
        using var other = await _host.CreateTenantAsync("Other");
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/", Json("""{"name": "101", "type": "phone"}""")));
        await ExpectProblem(HttpStatusCode.Conflict, await t.Http.PostAsync($"/client/{t.Id}/extension/", Json("""{"name": "101", "type": "queue"}""")));
        await Expect(HttpStatusCode.Created, await other.Http.PostAsync($"/client/{other.Id}/extension/", Json("""{"name": "101", "type": "phone"}""")));
        Assert.Single(await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/extension/")));
    }

    [Fact]
    public async Task Put_changes_name_label_caller_id_name_and_extra_params_but_not_the_type()
    {
        using var t = await _host.CreateTenantAsync();
        var id = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "101", "label": "Reception", "type": "phone"}"""))))["id"]!.GetValue<long>();
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/", Json("""{"name": "102", "type": "phone"}""")));
        var url = $"/extension/{id}";

        AssertJson(Expected(id, t.Id, "101", "Front", "phone", "Desk"),
            await Expect(HttpStatusCode.OK, await t.Http.PutAsync(url, Json("""{"label": "Front", "caller_id_name": "Desk"}"""))));
        AssertJson(Expected(id, t.Id, "110", null, "phone", "Desk", "y"),
            await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"{url}/", Json("""{"name": "110", "label": null, "extra_params": "y"}"""))));
        await ExpectInvalid(await t.Http.PutAsync(url, Json("""{"type": "queue", "name": null, "domain": "x"}""")), "type", "name", "domain");
        await ExpectProblem(HttpStatusCode.Conflict, await t.Http.PutAsync(url, Json("""{"name": "102"}""")));
        AssertJson(Expected(id, t.Id, "110", null, "phone", "Desk", "y"), await Expect(HttpStatusCode.OK, await t.Http.GetAsync(url)));
    }

    [Fact]
    public async Task A_phone_extension_that_local_agents_ring_cannot_be_deleted()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "101", "type": "phone"}"""))))["id"]!.GetValue<long>();
        var agent = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/local/",
            Json($$"""{"name": "Ann", "extension_id": {{phone}}}"""))))["id"]!.GetValue<long>();

        var conflict = await ExpectProblem(HttpStatusCode.Conflict, await t.Http.DeleteAsync($"/extension/{phone}/"));
        AssertJson($"[{agent}]", conflict["agents"]);
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/client/{t.Id}/agent/local/{agent}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/extension/{phone}/")).StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{phone}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.DeleteAsync($"/extension/{phone}"));
    }

    [Fact]
    public async Task A_queue_extension_with_callers_cannot_be_deleted_and_an_empty_one_goes_with_its_members()
    {
        using var t = await _host.CreateTenantAsync();
        var q = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "300", "type": "queue"}"""))))["id"]!.GetValue<long>();
        var agent = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json("""{"name": "Bob", "number": "100", "status": "logged_out"}"""))))["id"]!.GetValue<long>();
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{agent}}}""")));
        await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/extension/{q}/queue/", Json("""{"exit_with_no_av_agents": false, "strategy": "random"}""")));

        var callId = $"delete-{q}";
        await _host.GatewayEventAsync(new CallEntered(callId, q, "+15550100", null));
        var conflict = await ExpectProblem(HttpStatusCode.Conflict, await t.Http.DeleteAsync($"/extension/{q}/"));
        Assert.Equal(1, conflict["waiting_members"]!.GetValue<int>());
        await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/"));

        await _host.GatewayEventAsync(new CallHangup(callId));
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/extension/{q}/")).StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{q}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{q}/queue/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{q}/queue/agents/remote/"));
        var snapshot = await _host.QueueSnapshotAsync(q);
        Assert.Empty(snapshot.Members);
        Assert.Equal(QueueSettings.Default, snapshot.Settings);
        Assert.Empty((await _host.AgentStateAsync(AgentKey.Remote(agent))).Queues);
        // The agent itself stays.
        await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/client/{t.Id}/agent/remote/{agent}"));
    }

    [Fact]
    public async Task Extensions_of_an_unknown_client_are_not_found()
    {
        using var admin = _host.Admin();
        await ExpectProblem(HttpStatusCode.NotFound, await admin.GetAsync("/client/999999/extension/"));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PostAsync("/client/999999/extension/", Json("""{"name": "1", "type": "phone"}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PutAsync("/extension/999999/", Json("""{"label": "x"}""")));
    }
}
