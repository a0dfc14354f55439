using System.Net;
using QueueEngine.Domain;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>/extension/{extension_id}/queue/agents/local/ and …/remote/ (QUEUE-SPEC §1.4).</summary>
public sealed class MembershipsApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static async Task<long> Create(TestTenant t, string url, string json) =>
        (await Expect(HttpStatusCode.Created, await t.Http.PostAsync(url, Json(json))))["id"]!.GetValue<long>();

    private static Task<long> Queue(TestTenant t, string name = "300") =>
        Create(t, $"/client/{t.Id}/extension/", $$"""{"name": "{{name}}", "type": "queue"}""");

    private static Task<long> Remote(TestTenant t) => Create(t, $"/client/{t.Id}/agent/remote/", """{"name": "Bob", "number": "100"}""");

    private static async Task<long> Local(TestTenant t)
    {
        var phone = await Create(t, $"/client/{t.Id}/extension/", $$"""{"name": "p{{Guid.NewGuid():N}}", "type": "phone"}""");
        return await Create(t, $"/client/{t.Id}/agent/local/", $$"""{"name": "Ann", "extension_id": {{phone}}}""");
    }

    [Fact]
    public async Task Adding_a_member_answers_201_with_defaults_and_reaches_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await Queue(t);
        var agent = await Remote(t);
        var response = await t.Http.PostAsync($"/extension/{q}/queue/agents/remote", Json($$"""{"agent_id": {{agent}}}"""));
        AssertJson($$"""{"agent_id": {{agent}}, "level": 0, "position": 0}""", await Expect(HttpStatusCode.Created, response));
        Assert.Equal($"/extension/{q}/queue/agents/remote/{agent}", response.Headers.Location?.OriginalString);
        Assert.Equal([new Membership(AgentKey.Remote(agent), 0, 0)], (await _host.QueueSnapshotAsync(q)).Members);
        Assert.Equal([q], (await _host.AgentStateAsync(AgentKey.Remote(agent))).Queues);
    }

    [Fact]
    public async Task The_list_is_sorted_by_level_then_position_then_agent_id_and_separated_by_kind()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await Queue(t);
        var a = new List<long>();
        for (var i = 0; i < 4; i++) a.Add(await Remote(t));
        var local = await Local(t);
        (long Agent, int Level, int Position)[] members = [(a[0], 2, 1), (a[1], 1, 5), (a[2], 1, 2), (a[3], 1, 2)];
        foreach (var (agent, level, position) in members)
            await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/remote/",
                Json($$"""{"agent_id": {{agent}}, "level": {{level}}, "position": {{position}}}""")));
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{local}}, "level": 0}""")));

        AssertJson($$"""
            [{"agent_id": {{a[2]}}, "level": 1, "position": 2}, {"agent_id": {{a[3]}}, "level": 1, "position": 2},
             {"agent_id": {{a[1]}}, "level": 1, "position": 5}, {"agent_id": {{a[0]}}, "level": 2, "position": 1}]
            """, await ReadArray(await t.Http.GetAsync($"/extension/{q}/queue/agents/remote/")));
        AssertJson($$"""[{"agent_id": {{local}}, "level": 0, "position": 0}]""", await ReadArray(await t.Http.GetAsync($"/extension/{q}/queue/agents/local/")));
        Assert.Equal(5, (await _host.QueueSnapshotAsync(q)).Members.Count);
    }

    [Fact]
    public async Task Adding_twice_is_409_and_agents_of_another_kind_or_client_are_not_found()
    {
        using var t = await _host.CreateTenantAsync();
        using var other = await _host.CreateTenantAsync("Other");
        var q = await Queue(t);
        var agent = await Remote(t);
        var local = await Local(t);
        var foreign = await Remote(other);
        var url = $"/extension/{q}/queue/agents/remote/";

        await Expect(HttpStatusCode.Created, await t.Http.PostAsync(url, Json($$"""{"agent_id": {{agent}}, "level": 1}""")));
        await ExpectProblem(HttpStatusCode.Conflict, await t.Http.PostAsync(url, Json($$"""{"agent_id": {{agent}}, "level": 2}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync(url, Json($$"""{"agent_id": {{local}}}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{agent}}}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync(url, Json($$"""{"agent_id": {{foreign}}}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync(url, Json("""{"agent_id": 999999}""")));
        // The admin may act on any client, but the agent must still belong to the queue's client.
        using var admin = _host.Admin();
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PostAsync(url, Json($$"""{"agent_id": {{foreign}}}""")));

        Assert.Equal([new Membership(AgentKey.Remote(agent), 1, 0)], (await _host.QueueSnapshotAsync(q)).Members);
    }

    [Fact]
    public async Task Membership_bodies_are_validated()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await Queue(t);
        var agent = await Remote(t);
        var url = $"/extension/{q}/queue/agents/remote/";
        await ExpectInvalid(await t.Http.PostAsync(url, Json("{}")), "agent_id");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"agent_id": 0, "level": -1, "position": "first", "tier": 1}""")),
            "agent_id", "level", "position", "tier");
        await ExpectInvalid(await t.Http.PostAsync(url, Json("""{"agent_id": 1,}""")), "$");
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync(url, Json($$"""{"agent_id": {{agent}}, "level": 3, "position": 4}""")));
        await ExpectInvalid(await t.Http.PutAsync($"{url}{agent}", Json($$"""{"agent_id": {{agent}}, "level": 2147483648}""")), "agent_id", "level");
        AssertJson($$"""{"agent_id": {{agent}}, "level": 3, "position": 4}""", await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"{url}{agent}")));
    }

    [Fact]
    public async Task Put_changes_level_and_or_position_in_the_store_and_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await Queue(t);
        var agent = await Local(t);
        var url = $"/extension/{q}/queue/agents/local/{agent}";
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{agent}}, "level": 1, "position": 1}""")));

        AssertJson($$"""{"agent_id": {{agent}}, "level": 2, "position": 1}""", await Expect(HttpStatusCode.OK, await t.Http.PutAsync(url, Json("""{"level": 2}"""))));
        AssertJson($$"""{"agent_id": {{agent}}, "level": 2, "position": 7}""", await Expect(HttpStatusCode.OK, await t.Http.PutAsync($"{url}/", Json("""{"position": 7}"""))));
        AssertJson($$"""{"agent_id": {{agent}}, "level": 0, "position": 7}""", await Expect(HttpStatusCode.OK, await t.Http.PutAsync(url, Json("""{"level": null}"""))));
        Assert.Equal([new Membership(AgentKey.Local(agent), 0, 7)], (await _host.QueueSnapshotAsync(q)).Members);
        AssertJson($$"""{"agent_id": {{agent}}, "level": 0, "position": 7}""", await Expect(HttpStatusCode.OK, await t.Http.GetAsync(url)));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{q}/queue/agents/remote/{agent}"));
    }

    [Fact]
    public async Task Delete_removes_the_member_from_the_store_and_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await Queue(t);
        var agent = await Remote(t);
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{agent}}}""")));
        Assert.Equal(HttpStatusCode.NoContent, (await t.Http.DeleteAsync($"/extension/{q}/queue/agents/remote/{agent}/")).StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.DeleteAsync($"/extension/{q}/queue/agents/remote/{agent}/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{q}/queue/agents/remote/{agent}/"));
        Assert.Empty((await _host.QueueSnapshotAsync(q)).Members);
        Assert.Empty((await _host.AgentStateAsync(AgentKey.Remote(agent))).Queues);
        // The agent itself stays, and can join again.
        await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/client/{t.Id}/agent/remote/{agent}"));
        await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{agent}}}""")));
    }

    [Fact]
    public async Task Only_queue_extensions_have_members()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = await Create(t, $"/client/{t.Id}/extension/", """{"name": "101", "type": "phone"}""");
        var agent = await Remote(t);
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{phone}/queue/agents/remote/"));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync($"/extension/{phone}/queue/agents/remote/", Json($$"""{"agent_id": {{agent}}}""")));
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.PostAsync("/extension/999999/queue/agents/local/", Json($$"""{"agent_id": {{agent}}}""")));
    }
}
