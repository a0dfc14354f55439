using System.Net;
using QueueEngine.Domain;
using QueueEngine.Gateway;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Api;

/// <summary>GET/PUT /extension/{extension_id}/queue/ and GET …/queue/status/ (QUEUE-SPEC §1.1, §1.2).</summary>
public sealed class QueueSettingsApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static async Task<long> CreateQueue(TestTenant t, string name = "support")
    {
        var queue = await Expect(HttpStatusCode.Created,
            await t.Http.PostAsync($"/client/{t.Id}/extension/", Json($$"""{"name": "{{name}}", "type": "queue"}""")));
        return queue["id"]!.GetValue<long>();
    }

    private static async Task<long> UploadSound(TestTenant t) =>
        (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/sound/", TestWav.Upload(TestWav.Create(1)))))["id"]!
        .GetValue<long>();

    private static Task<HttpResponseMessage> Put(TestTenant t, long q, string json) => t.Http.PutAsync($"/extension/{q}/queue/", Json(json));

    [Fact]
    public async Task A_new_queue_has_the_default_settings_in_the_api_and_the_engine()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        AssertJson(QueueSettingsValidator.ToJson(QueueSettings.Default).ToJsonString(),
            await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/")));
        Assert.Equal(QueueSettings.Default, (await _host.QueueSnapshotAsync(q)).Settings);
    }

    [Fact]
    public async Task Put_is_a_partial_update_and_answers_the_full_settings()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        var first = await Expect(HttpStatusCode.OK, await Put(t, q, """{"max_wait_time": 600, "exit_key": "#", "exit_transfer_dst": "100"}"""));
        Assert.Equal(32, first.Count);
        var second = await Expect(HttpStatusCode.OK, await Put(t, q, """{"strategy": "top-down"}"""));
        var expected = QueueSettingsValidator.ToJson(QueueSettings.Default with
        {
            MaxWaitTime = 600, ExitKey = "#", ExitTransferDst = "100", Strategy = StrategyKind.TopDown,
        });
        AssertJson(expected.ToJsonString(), second);
        AssertJson(expected.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue")));
    }

    [Fact]
    public async Task An_explicit_null_resets_a_field_to_its_default()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        await Expect(HttpStatusCode.OK, await Put(t, q,
            """{"strategy": "random", "max_wait_time": 60, "timeout_transfer_dst": "200", "agent_report_wait_time": false, "sound_type": "ring"}"""));
        var reset = await Expect(HttpStatusCode.OK, await Put(t, q,
            """{"strategy": null, "max_wait_time": null, "timeout_transfer_dst": null, "agent_report_wait_time": null, "sound_type": null}"""));
        AssertJson(QueueSettingsValidator.ToJson(QueueSettings.Default).ToJsonString(), reset);
    }

    [Fact]
    public async Task Sound_type_ring_clears_the_sound_and_ignores_a_sound_in_the_same_request()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        var sound = await UploadSound(t);
        Assert.Equal(sound, (await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"sound": {{sound}}}""")))["sound"]!.GetValue<long>());

        var ring = await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"sound_type": "ring", "sound": {{sound}}}"""));
        Assert.Equal("ring", ring["sound_type"]!.GetValue<string>());
        Assert.Null(ring["sound"]);
        // A sound sent later to a ring queue is ignored too; back to music, the sound can be set again.
        Assert.Null((await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"sound": {{sound}}}""")))["sound"]);
        Assert.Null((await _host.QueueSnapshotAsync(q)).Settings.Sound);
        var music = await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"sound_type": "music", "sound": {{sound}}}"""));
        Assert.Equal(sound, music["sound"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sound_ids_must_name_a_sound_of_the_same_client_and_0_means_none()
    {
        using var t = await _host.CreateTenantAsync();
        using var other = await _host.CreateTenantAsync("Other");
        var q = await CreateQueue(t);
        var own = await UploadSound(t);
        var foreign = await UploadSound(other);

        var set = await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"announce_sound": {{own}}, "vm_greeting": {{own}}}"""));
        Assert.Equal(own, set["announce_sound"]!.GetValue<long>());
        var errors = await ExpectInvalid(await Put(t, q, $$"""{"start_sound": {{foreign}}, "quality_rate_sound": 999999, "sound": -1}"""),
            "start_sound", "quality_rate_sound", "sound");
        Assert.Contains("does not exist", errors["start_sound"]![0]!.GetValue<string>());
        var none = await Expect(HttpStatusCode.OK, await Put(t, q, """{"announce_sound": 0}"""));
        Assert.Null(none["announce_sound"]);
        Assert.Equal(own, none["vm_greeting"]!.GetValue<long>());
    }

    [Fact]
    public async Task Every_bad_field_is_named_and_a_rejected_request_changes_nothing()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        var before = await Expect(HttpStatusCode.OK, await Put(t, q, """{"strategy": "top-down", "max_wait_time": 60}"""));

        await ExpectInvalid(await Put(t, q, """
            {
              "strategy": "fastest",
              "max_wait_time": 2592001,
              "announce_frequency": -1,
              "try_same_agent_time": 1.5,
              "exit_key": "A",
              "vm_mailto": "not-an-address",
              "quality_rate_max": 10,
              "record_enabled": "yes",
              "sound_type": "loud",
              "agent_hangup_action": "dance",
              "timeout_transfer_dst": "   ",
              "append_to_cid_name_on_transfer": 5,
              "bogus": 1,
              "skip_busy_agents": false
            }
            """),
            "strategy", "max_wait_time", "announce_frequency", "try_same_agent_time", "exit_key", "vm_mailto", "quality_rate_max",
            "record_enabled", "sound_type", "agent_hangup_action", "timeout_transfer_dst", "append_to_cid_name_on_transfer", "bogus");

        AssertJson(before.ToJsonString(), await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/")));
        Assert.Equal(StrategyKind.TopDown, (await _host.QueueSnapshotAsync(q)).Settings.Strategy);
        Assert.True((await _host.QueueSnapshotAsync(q)).Settings.SkipBusyAgents);
    }

    [Fact]
    public async Task A_transfer_hangup_action_needs_its_destination_after_the_merge()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        await ExpectInvalid(await Put(t, q, """{"agent_hangup_action": "transfer"}"""), "agent_hangup_transfer_dst");
        await Expect(HttpStatusCode.OK, await Put(t, q, """{"agent_hangup_action": "transfer", "agent_hangup_transfer_dst": "500"}"""));
        await ExpectInvalid(await Put(t, q, """{"agent_hangup_transfer_dst": null}"""), "agent_hangup_transfer_dst");
        var rate = await Expect(HttpStatusCode.OK, await Put(t, q, """{"agent_hangup_action": "quality_rate", "quality_rate_max": 5}"""));
        Assert.Equal("quality_rate", rate["agent_hangup_action"]!.GetValue<string>());
        Assert.Equal("500", rate["agent_hangup_transfer_dst"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"strategy": "ring-all" """, "$")]
    [InlineData("""[{"strategy": "ring-all"}]""", "$")]
    [InlineData("\"ring-all\"", "$")]
    [InlineData("", "$")]
    [InlineData("""{"strategy": "ring-all", "strategy": "random"}""", "strategy")]
    [InlineData("""{"max_wait_time": 99999999999999999999999}""", "max_wait_time")]
    [InlineData("""{"Strategy": "ring-all"}""", "Strategy")]
    public async Task Malformed_or_unexpected_bodies_are_400_never_500(string body, string field)
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        await ExpectInvalid(await Put(t, q, body), field);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_its_content_type_is_415()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        var response = await t.Http.PutAsync($"/extension/{q}/queue/", new StringContent("strategy=ring-all", null, "application/x-www-form-urlencoded"));
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_413()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        var huge = $$"""{"append_to_cid_name_on_transfer": "{{new string('x', 1024 * 1024)}}"}""";
        await ExpectProblem(HttpStatusCode.RequestEntityTooLarge, await Put(t, q, huge));
        // Without a Content-Length the limit holds while reading.
        await ExpectProblem(HttpStatusCode.RequestEntityTooLarge, await t.Http.PutAsync($"/extension/{q}/queue/", new UnsizedJson(huge)));
    }

    /// <summary>A JSON body sent without a Content-Length (chunked).</summary>
    private sealed class UnsizedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedJson(string json)
        {
            _bytes = System.Text.Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Unknown_extensions_and_phone_extensions_have_no_queue()
    {
        using var t = await _host.CreateTenantAsync();
        var phone = (await Expect(HttpStatusCode.Created,
            await t.Http.PostAsync($"/client/{t.Id}/extension/", Json("""{"name": "101", "type": "phone"}"""))))["id"]!.GetValue<long>();
        foreach (var id in new[] { phone, 999999 })
        {
            await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{id}/queue/"));
            await ExpectProblem(HttpStatusCode.NotFound, await Put(t, id, """{"strategy": "random"}"""));
            await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync($"/extension/{id}/queue/status/"));
        }
        await ExpectProblem(HttpStatusCode.NotFound, await t.Http.GetAsync("/extension/not-a-number/queue/"));
    }

    [Fact]
    public async Task A_strategy_change_reaches_the_running_queue_before_the_answer()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        foreach (var strategy in StrategyNames.All)
        {
            await Expect(HttpStatusCode.OK, await Put(t, q, $$"""{"strategy": "{{strategy}}"}"""));
            Assert.Equal(strategy, StrategyNames.ToWire((await _host.QueueSnapshotAsync(q)).Settings.Strategy));
        }
    }

    [Fact]
    public async Task The_status_counts_the_callers_in_the_running_queue()
    {
        using var t = await _host.CreateTenantAsync();
        var q = await CreateQueue(t);
        await Expect(HttpStatusCode.OK, await Put(t, q, """{"exit_with_no_av_agents": false}"""));
        var callId = $"status-{q}";
        await _host.GatewayEventAsync(new CallEntered(callId, q, "+15550100", "Caller"));
        AssertJson("""{"answered_members": 0, "trying_members": 0, "waiting_members": 1}""",
            await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/status")));
        await _host.GatewayEventAsync(new CallHangup(callId));
        AssertJson("""{"answered_members": 0, "trying_members": 0, "waiting_members": 0}""",
            await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/status/")));
    }
}

/// <summary>Concurrent writes: the store and the running engine end in the same state.</summary>
public sealed class ConcurrentWriteTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task Concurrent_settings_changes_leave_the_store_and_the_engine_agreeing()
    {
        using var t = await _host.CreateTenantAsync();
        var q = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "300", "type": "queue"}"""))))["id"]!.GetValue<long>();
        var strategies = StrategyNames.All;
        var puts = Enumerable.Range(0, 24).Select(i => t.Http.PutAsync($"/extension/{q}/queue/",
            Json($$"""{"strategy": "{{strategies[i % strategies.Count]}}", "max_wait_time": {{i}}}""")));
        foreach (var response in await Task.WhenAll(puts)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stored = await Expect(HttpStatusCode.OK, await t.Http.GetAsync($"/extension/{q}/queue/"));
        var running = (await _host.QueueSnapshotAsync(q)).Settings;
        Assert.Equal(stored["strategy"]!.GetValue<string>(), StrategyNames.ToWire(running.Strategy));
        Assert.Equal(stored["max_wait_time"]!.GetValue<int>(), running.MaxWaitTime);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_member_succeed_exactly_once()
    {
        using var t = await _host.CreateTenantAsync();
        var q = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/extension/",
            Json("""{"name": "300", "type": "queue"}"""))))["id"]!.GetValue<long>();
        var agent = (await Expect(HttpStatusCode.Created, await t.Http.PostAsync($"/client/{t.Id}/agent/remote/",
            Json("""{"name": "Bob", "number": "100"}"""))))["id"]!.GetValue<long>();
        var adds = Enumerable.Range(0, 12).Select(i => t.Http.PostAsync($"/extension/{q}/queue/agents/remote/",
            Json($$"""{"agent_id": {{agent}}, "level": {{i}}}""")));
        var statuses = (await Task.WhenAll(adds)).Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.Conflict));
        var stored = await ReadArray(await t.Http.GetAsync($"/extension/{q}/queue/agents/remote/"));
        var member = Assert.Single((await _host.QueueSnapshotAsync(q)).Members);
        Assert.Equal(stored.Single()!["level"]!.GetValue<int>(), member.Level);
    }
}
