using System.Net;
using QueueEngine.Domain;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>
/// The seed's worked example ("Examples"), end to end through HTTP: a queue extension configured
/// as in the example, a local and an external agent with the example's values, added at level 1
/// and level 2. Every field of every answer is checked.
/// </summary>
public sealed class WorkedExampleTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_seed_example_end_to_end()
    {
        using var tenant = await _host.CreateTenantAsync("Example Ltd");
        var api = tenant.Http;
        var c = tenant.Id;

        // The example's sounds 35 (announcement) and 36 (hold music) are uploads here.
        var announce = await Expect(HttpStatusCode.Created,
            await api.PostAsync($"/client/{c}/sound/", TestWav.Upload(TestWav.Create(4), "announcement")));
        var hold = await Expect(HttpStatusCode.Created,
            await api.PostAsync($"/client/{c}/sound/", TestWav.Upload(TestWav.Create(30), "hold music")));
        var announceId = announce["id"]!.GetValue<long>();
        var holdId = hold["id"]!.GetValue<long>();
        AssertJson($$"""{"id": {{announceId}}, "name": "announcement", "duration_seconds": 4, "size_bytes": {{44 + 4 * 16000}}}""", announce);
        AssertJson($$"""{"id": {{holdId}}, "name": "hold music", "duration_seconds": 30, "size_bytes": {{44 + 30 * 16000}}}""", hold);

        // The local agent rings a phone extension of the client (the example's 117).
        var phone = await Expect(HttpStatusCode.Created, await api.PostAsync($"/client/{c}/extension/",
            Json("""{"name": "117", "label": "operator desk", "type": "phone"}""")));
        var phoneId = phone["id"]!.GetValue<long>();

        // 1. An extension of type "queue".
        var created = await api.PostAsync($"/client/{c}/extension/",
            Json("""{"name": "000*370", "label": "test queue", "type": "queue"}"""));
        var queue = await Expect(HttpStatusCode.Created, created);
        var q = queue["id"]!.GetValue<long>();
        Assert.Equal($"/extension/{q}/", created.Headers.Location?.OriginalString);
        AssertJson($$"""
            {
              "status": "active",
              "domain": "sip.ringme.ru",
              "create_date": "2020-03-16 12:11:13",
              "name": "000*370",
              "dial_rule_limit": null,
              "extension_group_id": null,
              "label": "test queue",
              "caller_id_name": null,
              "client_id": {{c}},
              "extra_params": null,
              "message_did": null,
              "dial_rule_id": null,
              "ani_rfc3325": false,
              "type": "queue",
              "id": {{q}},
              "did_as_transfer_caller_id": null
            }
            """, queue);

        // 2. Configure the queue: hold music, an announcement every 15 s, at most 1800 s of waiting
        //    then transfer to 333, ring everyone, record, next level after 15 s; plus the other
        //    values of the example's answer.
        var settings = await Expect(HttpStatusCode.OK, await api.PutAsync($"/extension/{q}/queue/", Json($$"""
            {
              "sound": {{holdId}},
              "announce_sound": {{announceId}},
              "announce_frequency": 15,
              "max_wait_time": 1800,
              "timeout_transfer_dst": "333",
              "strategy": "ring-all",
              "record_enabled": true,
              "tier_rules_apply": true,
              "tier_rule_wait_second": 15,
              "tier_rule_wait_multiply_level": false,
              "position_announce_frequency": 30,
              "no_agent_timeout_transfer_dst": "0005*103",
              "agent_report_wait_time": false,
              "vm_enabled": false,
              "try_same_agent_time": 259200
            }
            """)));
        var expectedSettings = $$"""
            {
              "announce_sound": {{announceId}},
              "start_sound": null,
              "agent_hangup_transfer_dst": null,
              "append_to_cid_name_on_transfer": null,
              "agent_announce_sound": null,
              "position_announce_frequency": 30,
              "agent_hangup_action": null,
              "tier_rule_wait_multiply_level": false,
              "vm_mailto": null,
              "no_agent_timeout_transfer_dst": "0005*103",
              "agent_report_wait_time": false,
              "vm_enabled": false,
              "quality_rate_sound": null,
              "strategy": "ring-all",
              "try_same_agent_time": 259200,
              "record_enabled": true,
              "vm_attach_file": true,
              "skip_busy_agents": true,
              "sound_type": "music",
              "tier_rules_apply": true,
              "vm_greeting": null,
              "quality_rate_finish_sound": null,
              "announce_frequency": 15,
              "exit_transfer_dst": null,
              "tier_rule_wait_second": 15,
              "sound": {{holdId}},
              "exit_with_no_av_agents": true,
              "quality_rate_max": 0,
              "timeout_transfer_dst": "333",
              "max_wait_time": 1800,
              "exit_key": null,
              "max_wait_time_with_no_agent": 0
            }
            """;
        AssertJson(expectedSettings, settings);

        // 3. A local agent.
        var local = await Expect(HttpStatusCode.Created, await api.PostAsync($"/client/{c}/agent/local/", Json($$"""
            {
              "name": "Operator",
              "extension_id": {{phoneId}},
              "status": "available",
              "call_timeout": 30,
              "wrap_up_time": 0,
              "busy_delay_time": 10,
              "no_answer_delay_time": 10,
              "reject_delay_time": 10
            }
            """)));
        var localId = local["id"]!.GetValue<long>();
        AssertJson($$"""
            {
              "status": "available",
              "name": "Operator",
              "busy_delay_time": 10,
              "no_answer_delay_time": 10,
              "call_timeout": 30,
              "wrap_up_time": 0,
              "extension_id": {{phoneId}},
              "reject_delay_time": 10,
              "extra_params": null,
              "agent_sound_id": null,
              "id": {{localId}}
            }
            """, local);

        // 4. An external agent.
        var remote = await Expect(HttpStatusCode.Created, await api.PostAsync($"/client/{c}/agent/remote/", Json("""
            {
              "busy_delay_time": 10,
              "call_timeout": 30,
              "extra_params": "string",
              "name": "string",
              "no_answer_delay_time": 10,
              "number": "89876543210",
              "reject_delay_time": 10,
              "status": "available",
              "wrap_up_time": 0
            }
            """)));
        var remoteId = remote["id"]!.GetValue<long>();
        Assert.NotEqual(localId, remoteId);
        AssertJson($$"""
            {
              "busy_delay_time": 10,
              "call_timeout": 30,
              "extra_params": "string",
              "id": {{remoteId}},
              "name": "string",
              "no_answer_delay_time": 10,
              "number": "89876543210",
              "reject_delay_time": 10,
              "status": "available",
              "wrap_up_time": 0,
              "agent_sound_id": null
            }
            """, remote);

        // 5. The local agent joins at the first position of the first level.
        AssertJson($$"""{"position": 1, "agent_id": {{localId}}, "level": 1}""", await Expect(HttpStatusCode.Created,
            await api.PostAsync($"/extension/{q}/queue/agents/local/", Json($$"""{"agent_id": {{localId}}, "level": 1, "position": 1}"""))));

        // 6. The external agent joins at the first position of the second level.
        AssertJson($$"""{"position": 1, "agent_id": {{remoteId}}, "level": 2}""", await Expect(HttpStatusCode.Created,
            await api.PostAsync($"/extension/{q}/queue/agents/remote/", Json($$"""{"agent_id": {{remoteId}}, "level": 2, "position": 1}"""))));

        // Everything reads back, and the queue is empty.
        AssertJson(expectedSettings, await Expect(HttpStatusCode.OK, await api.GetAsync($"/extension/{q}/queue/")));
        AssertJson("""{"answered_members": 0, "trying_members": 0, "waiting_members": 0}""",
            await Expect(HttpStatusCode.OK, await api.GetAsync($"/extension/{q}/queue/status/")));
        AssertJson($"[{local.ToJsonString()}]", await ReadArray(await api.GetAsync($"/client/{c}/agent/local/")));
        AssertJson($"[{remote.ToJsonString()}]", await ReadArray(await api.GetAsync($"/client/{c}/agent/remote/")));
        AssertJson($$"""[{"agent_id": {{localId}}, "level": 1, "position": 1}]""",
            await ReadArray(await api.GetAsync($"/extension/{q}/queue/agents/local/")));
        AssertJson($$"""[{"agent_id": {{remoteId}}, "level": 2, "position": 1}]""",
            await ReadArray(await api.GetAsync($"/extension/{q}/queue/agents/remote/")));

        // The running engine has all of it.
        var snapshot = await _host.QueueSnapshotAsync(q);
        Assert.Equal(StrategyKind.RingAll, snapshot.Settings.Strategy);
        Assert.Equal(holdId, snapshot.Settings.Sound);
        Assert.Equal(15, snapshot.Settings.TierRuleWaitSecond);
        Assert.Equal(
            [new Membership(AgentKey.Local(localId), 1, 1), new Membership(AgentKey.Remote(remoteId), 2, 1)],
            snapshot.Members.OrderBy(m => m.Level));
        var localState = await _host.AgentStateAsync(AgentKey.Local(localId));
        Assert.True(localState.Exists);
        Assert.Equal(phoneId, localState.Settings!.ExtensionId);
        Assert.Equal([q], localState.Queues);
        var remoteState = await _host.AgentStateAsync(AgentKey.Remote(remoteId));
        Assert.Equal("89876543210", remoteState.Settings!.Number);
        Assert.True(remoteState.Snapshot.LoggedIn);
    }
}
