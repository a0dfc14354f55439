using System.Net;
using QueueEngine.Domain;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>/client/{client_id}/agent/local/ and …/remote/ (QUEUE-SPEC §1.3).</summary>
public sealed class AgentsApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static async Task<long> CreateExtension(TestTenant t, string name, string type) =>
        (await Expect(HttpStatusCode.Created,
            await t.Http.PostAsync($"/client/{t.Id}/extension/", Json($$"""{"name": "{{name}}", "type": "{{type}}"}"""))))["id"]!.GetValue<long>();

    private static async Task<long> CreateLocal(TestTenant t, long phone, string extra = "") =>
        (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/local/",
            Json($$"""{"name": "Ann", "extension_id": {{phone}}{{extra}}}"""))))["id"]!.GetValue<long>();

    private static async Task<long> CreateRemote(TestTenant t, string number = "+15550101") =>
        (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json($$"""{"name": "Bob", "number": "{{number}}"}"""))))["id"]!.GetValue<long>();

    [Fact]
    public async Task Creating_agents_answers_201_with_every_field_and_the_defaults()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = await CreateExtension(t, "101", "phone");
        var response = await t.Http.PostAsync($"/client/{t.Id}/agent/local", Json($$"""{"name": "Ann", "extension_id": {{phone}}}"""));
        var local = await Expect(HttpStatusCode.Created, response);
        var id = local["id"]!.GetValue<long>();
        Assert.Equal($"/client/{t.Id}/agent/local/{id}", response.Headers.Location?.OriginalString);
        AssertJson($$"""
            {"id": {{id}}, "name": "Ann", "extension_id": {{phone}}, "status": "available", "call_timeout": 0, "wrap_up_time": 0,
             "busy_delay_time": 0, "no_answer_delay_time": 0, "reject_delay_time": 0, "extra_params": null, "agent_sound_id": null}
            """, local);

        var remote = await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json("""{"name": "Bob", "number": "*72#", "status": "logged_out", "extra_params": "sip_h_X-Team=blue"}""")));
        var remoteId = remote["id"]!.GetValue<long>();
        AssertJson($$"""
            {"id": {{remoteId}}, "name": "Bob", "number": "*72#", "status": "logged_out", "call_timeout": 0, "wrap_up_time": 0,
             "busy_delay_time": 0, "no_answer_delay_time": 0, "reject_delay_time": 0, "extra_params": "sip_h_X-Team=blue", "agent_sound_id": null}
            """, remote);
        AssertJson(remote.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/client/{t.Id}/agent/remote/{remoteId}")));

        var state = await _host.AgentStateAsync(AgentKey.Remote(remoteId));
        Assert.True(state.Exists);
        Assert.False(state.Snapshot.LoggedIn);
    }

    [Fact]
    public async Task Local_and_remote_ids_never_collide_and_each_kind_finds_only_its_own()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = await CreateExtension(t, "101", "phone");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateLocal(t, phone));
            ids.Add(await CreateRemote(t));
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/agent/remote/{ids[0]}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/agent/local/{ids[1]}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PutAsync($"/client/{t.Id}/agent/local/{ids[1]}/", Json("{}")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.DeleteAsync($"/client/{t.Id}/agent/remote/{ids[0]}/"));
        Assert.Equal(3, (await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/agent/local/"))).Count);
    }

    [Fact]
    public async Task Local_agent_bodies_are_validated_field_by_field()
    {
        using var t = await _host.CreateTenantAsync();
        using var other = await _host.CreateTenantAsync("Other");
        var queue = await CreateExtension(t, "300", "queue");
        var foreignPhone = await CreateExtension(other, "101", "phone");
        var url = $"/client/{t.Id}/agent/local/";

        await ExpectInvalid(await t.Http.PostAsync(url, Json("{}")), "name", "extension_id");
        await ExpectInvalid(await t.Http.PostAsync(url, Json($$"""{"name": "Ann", "extension_id": {{queue}}}""")), "extension_id");
        await ExpectInvalid(await t.Http.PostAsync(url, Json($$"""{"name": "Ann", "extension_id": {{foreignPhone}}}""")), "extension_id");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""
            {"id": 5, "name": "", "extension_id": "101", "number": "123", "status": "busy", "call_timeout": -1,
             "wrap_up_time": 2592001, "busy_delay_time": true, "no_answer_delay_time": 1.5, "reject_delay_time": null,
             "extra_params": 7, "agent_sound_id": 999999, "colour": "red"}
            """)),
            "id", "name", "extension_id", "number", "status", "call_timeout", "wrap_up_time", "busy_delay_time",
            "no_answer_delay_time", "extra_params", "agent_sound_id", "colour");
        Assert.Empty(await ReadArray(await t.Http.GetAsync(url)));
    }

    [Fact]
    public async Task Remote_agent_bodies_are_validated_field_by_field()
    {
        using var t = await _host.CreateTenantAsync();
        var url = $"/client/{t.Id}/agent/remote/";
        await ExpectInvalid(await t.Http.PostAsync(url, Json("{}")), "name", "number");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "Bob", "number": "+"}""")), "number");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "Bob", "number": "555-0101"}""")), "number");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "Bob", "number": "123456789012345678901234567890123"}""")), "number");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "Bob", "number": "100", "extension_id": 1}""")), "extension_id");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"name": "Bob", "number": "100" """)), "$");
        Assert.Empty(await ReadArray(await t.Http.GetAsync(url)));
    }

    [Fact]
    public async Task An_agent_sound_must_be_a_sound_of_the_client()
    {
        using var t = await _host.CreateTenantAsync();
        var sound = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/sound/",
            TestWav.Upload(TestWav.Create(2)))))["id"]!.GetValue<long>();
        var id = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json($$"""{"name": "Bob", "number": "100", "agent_sound_id": {{sound}}}"""))))["id"]!.GetValue<long>();
        Assert.Equal(sound, (await _host.AgentStateAsync(AgentKey.Remote(id))).Settings!.AgentSoundId);
        var cleared = await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/client/{t.Id}/agent/remote/{id}", Json("""{"agent_sound_id": 0}""")));
        Assert.Null(cleared["agent_sound_id"]);
    }

    [Fact]
    public async Task Put_is_a_partial_update_and_a_status_change_is_a_login_or_logout_in_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = await CreateExtension(t, "101", "phone");
        var phone2 = await CreateExtension(t, "102", "phone");
        var id = await CreateLocal(t, phone, """, "call_timeout": 20, "wrap_up_time": 5""");
        var url = $"/client/{t.Id}/agent/local/{id}/";

        var loggedOut = await Expect(HttpStatusCode.OK, await t.Http.PutAsync(url, Json("""{"status": "logged_out", "call_timeout": null}""")));
        AssertJson($$"""
            {"id": {{id}}, "name": "Ann", "extension_id": {{phone}}, "status": "logged_out", "call_timeout": 0, "wrap_up_time": 5,
             "busy_delay_time": 0, "no_answer_delay_time": 0, "reject_delay_time": 0, "extra_params": null, "agent_sound_id": null}
            """, loggedOut);
        Assert.False((await _host.AgentStateAsync(AgentKey.Local(id))).Snapshot.LoggedIn);

        var moved = await Expect(HttpStatusCode.OK, await t.Http.PutAsync(url, Json($$"""{"status": "available", "extension_id": {{phone2}}}""")));
        Assert.Equal(phone2, moved["extension_id"]!.GetValue<long>());
        var state = await _host.AgentStateAsync(AgentKey.Local(id));
        Assert.True(state.Snapshot.LoggedIn);
        Assert.Equal(phone2, state.Settings!.ExtensionId);

        // A local agent cannot lose its name or extension; a rejected PUT changes nothing.
        await ExpectInvalid(await t.Http.PutAsync(url, Json("""{"name": null, "extension_id": null, "wrap_up_time": 60}""")), "name", "extension_id");
        AssertJson(moved.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync(url)));
        Assert.Equal(5, (await _host.AgentStateAsync(AgentKey.Local(id))).Settings!.WrapUpTime);

        // A remote agent's name may be cleared (required on POST only).
        var remote = await CreateRemote(t);
        var unnamed = await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"/client/{t.Id}/agent/remote/{remote}", Json("""{"name": null}""")));
        Assert.Null(unnamed["name"]);
        await ExpectInvalid(await t.Http.PutAsync($"/client/{t.Id}/agent/remote/{remote}", Json("""{"number": null}""")), "number");
    }

    [Fact]
    public async Task Local_agents_can_be_listed_by_repeated_extension_id()
    {
        using var t = await _host.CreateTenantAsync();
        var p1 = await CreateExtension(t, "101", "phone");
        var p2 = await CreateExtension(t, "102", "phone");
        var p3 = await CreateExtension(t, "103", "phone");
        var a1 = await CreateLocal(t, p1);
        var a2 = await CreateLocal(t, p2);
        var a3 = await CreateLocal(t, p3);
        var a4 = await CreateLocal(t, p1);

        async Task<long[]> Ids(string query) =>
            (await ReadArray(await t.Http.GetAsync($"/client/{t.Id}/agent/local/{query}"))).Select(a => a!["id"]!.GetValue<long>()).ToArray();

        Assert.Equal([a1, a2, a3, a4], await Ids(""));
        Assert.Equal([a1, a4], await Ids($"?extension_id={p1}"));
        Assert.Equal([a1, a3, a4], await Ids($"?extension_id={p1}&extension_id={p3}"));
        Assert.Empty(await Ids("?extension_id=999999"));
        await ExpectInvalid(await t.Http.GetAsync($"/client/{t.Id}/agent/local/?extension_id=abc"), "extension_id");
        await ExpectInvalid(await t.Http.GetAsync($"/client/{t.Id}/agent/remote/?extension_id={p1}"), "extension_id");
    }

    [Fact]
    public async Task Delete_with_remove_from_queues_false_keeps_a_member_agent_and_names_its_queues()
    {
        using var t = await _host.CreateTenantAsync();
        var q1 = await CreateExtension(t, "301", "queue");
        var q2 = await CreateExtension(t, "302", "queue");
        var remote = await CreateRemote(t);
        foreach (var q in new[] { q1, q2 })
            await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{remote}}}""")));
        var url = $"/client/{t.Id}/agent/remote/{remote}";

        var conflict = await ExpectProblem(HttpStatusCode.Conflict, await t.Http.DeleteAsync($"{url}?remove_from_queues=false"));
        AssertJson($"[{q1}, {q2}]", conflict["queues"]);
        await Expect(HttpStatusCode.OK, await t.Http.GetAsync(url));
        Assert.Equal(2, (await _host.QueueSnapshotAsync(q1)).Members.Count + (await _host.QueueSnapshotAsync(q2)).Members.Count);
        await ExpectInvalid(await t.Http.DeleteAsync($"{url}?remove_from_queues=maybe"), "remove_from_queues");

        // Without memberships, false deletes too.
        var lonely = await CreateRemote(t);
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/client/{t.Id}/agent/remote/{lonely}/?remove_from_queues=false")).StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/agent/remote/{lonely}/"));
    }

    [Fact]
    public async Task Delete_by_default_removes_the_agent_from_its_queues_in_the_store_and_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateExtension(t, "301", "queue");
        var phone = await CreateExtension(t, "101", "phone");
        var local = await CreateLocal(t, phone);
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{local}}}""")));
        Assert.Single((await _host.QueueSnapshotAsync(q)).Members);

        var response = await t.Http.DeleteAsync($"/client/{t.Id}/agent/local/{local}/");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/client/{t.Id}/agent/local/{local}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.DeleteAsync($"/client/{t.Id}/agent/local/{local}/"));
        Assert.Empty(await ReadArray(await t.Http.GetAsync($"/extension/{q}/queue/agents/local/")));
        Assert.Empty((await _host.QueueSnapshotAsync(q)).Members);
        var state = await _host.AgentStateAsync(AgentKey.Local(local));
        Assert.False(state.Exists);
        Assert.Empty(state.Queues);
    }

    [Fact]
    public async Task Agents_of_an_unknown_client_are_not_found()
    {
        using var admin = _host.Admin();
        await ExpectProblem(HttpStatusCode.NotFound, await admin.GetAsync("/client/999999/agent/local/"));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PostAsync("/client/999999/agent/remote/", Json("""{"name": "Bob", "number": "1"}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.GetAsync("/client/999999/agent/remote/1"));
    }
}
