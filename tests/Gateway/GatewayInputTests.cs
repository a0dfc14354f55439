using System.Net;
using System.Text.Json.Nodes;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;
using static QueueEngine.Tests.Gateway.GatewayHttp;

namespace QueueEngine.Tests.Gateway;

/// <summary>
/// Bad input from a gateway: malformed events, unknown calls and ids, events out of order,
/// duplicates, events for a caller that already ended. Each is refused with a clear 4xx and
/// changes nothing, and no caller or agent is left stuck.
/// </summary>
public sealed class GatewayInputTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private async Task<(CallCenter Cc, HttpClient Gateway, SseReader Commands)> Ringing(string callId)
    {
        var cc = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false, "record_enabled": false}""");
        var gateway = _host.Gateway();
        var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        await gateway.SendAsync(cc.Entered(callId));
        return (cc, gateway, commands);
    }

    /// <summary>The agent is free and takes the next caller: nothing was left stuck.</summary>
    private static async Task AgentStillServes(CallCenter cc, HttpClient gateway, SseReader commands, string callId)
    {
        await gateway.SendAsync(cc.Entered(callId));
        var leg = (await commands.NextAsync("ring", callId)).Str("leg_id")!;
        await gateway.SendAsync(Leg("leg.answered", callId, leg));
        await commands.NextAsync("bridge", callId);
        await gateway.SendAsync($$"""{"event": "call.hangup", "call_id": "{{callId}}"}""");
    }

    [Theory]
    [InlineData("""{"event": "call.dtmf", "call_id": "x", "digit": "a"}""", "digit")]
    [InlineData("""{"event": "call.dtmf", "call_id": "x", "digit": "12"}""", "digit")]
    [InlineData("""{"event": "digits.collected", "call_id": "x", "request_id": "r", "digits": "1a"}""", "digits")]
    [InlineData("""{"event": "call.entered", "call_id": "x", "extension_id": "5"}""", "extension_id")]
    [InlineData("""{"event": "call.entered", "extension_id": 5}""", "call_id")]
    [InlineData("""{"event": "leg.answered", "call_id": "x"}""", "leg_id")]
    [InlineData("""{"event": "call.teleport", "call_id": "x"}""", "event")]
    [InlineData("""{"call_id": "x"}""", "event")]
    [InlineData("""{"event": "agent.external_call_started", "agent_kind": "alien", "agent_id": 1}""", "agent_kind")]
    [InlineData("""[]""", "$")]
    [InlineData("""42""", "event")]
    public async Task A_malformed_event_is_400_naming_the_field(string body, string field)
    {
        using var gateway = _host.Gateway();
        await ExpectInvalid(await gateway.PostEventAsync(body), field);
    }

    [Fact]
    public async Task One_malformed_event_in_an_array_rejects_the_whole_request_naming_index_and_field()
    {
        using var cc = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out");
        using var gateway = _host.Gateway();
        var body = $$"""[{{cc.Entered("batch-1")}}, {"event": "call.dtmf", "call_id": "batch-1", "digit": "x"}, {{cc.Entered("batch-2")}}, {"event": "call.hangup"}]""";
        var errors = await ExpectInvalid(await gateway.PostEventAsync(body), "[1].digit", "[3].call_id");
        Assert.Contains("0-9", errors["[1].digit"]![0]!.GetValue<string>());
        Assert.Equal((0, 0, 0), await cc.CountersAsync()); // nothing applied
        Assert.Empty(await Http.ReadArray(await cc.Api.GetAsync($"/extension/{cc.QueueId}/queue/callers/")));
    }

    [Fact]
    public async Task An_array_is_applied_in_order_with_one_result_per_event()
    {
        using var cc = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out");
        using var gateway = _host.Gateway();
        var body = $$"""
            [{{cc.Entered("arr-1")}}, {{cc.Entered("arr-2")}}, {"event": "call.hangup", "call_id": "arr-1"},
             {"event": "call.hangup", "call_id": "arr-1"}, {{cc.Entered("arr-1")}}, {"event": "call.dtmf", "call_id": "nobody", "digit": "1"}]
            """;
        var answer = await Expect(HttpStatusCode.OK, await gateway.PostEventAsync(body));
        Assert.Equal((3, 3), (answer["accepted"]!.GetValue<int>(), answer["rejected"]!.GetValue<int>()));
        var results = answer["results"]!.AsArray().Select(r => (r!["index"]!.GetValue<int>(), r["event"]!.GetValue<string>(), r["status"]!.GetValue<int>())).ToList();
        Assert.Equal(new[]
        {
            (0, "call.entered", 202), (1, "call.entered", 202), (2, "call.hangup", 202),
            (3, "call.hangup", 404), (4, "call.entered", 409), (5, "call.dtmf", 404),
        }, results);
        Assert.Contains("already ended", answer["results"]![4]!["detail"]!.GetValue<string>());
        Assert.Equal((0, 0, 1), await cc.CountersAsync());
    }

    [Fact]
    public async Task Events_for_an_unknown_call_are_404_and_a_call_into_something_that_is_not_a_queue_too()
    {
        using var cc = await CallCenter.CreateAsync(_host);
        using var gateway = _host.Gateway();
        foreach (var body in new[]
                 {
                     """{"event": "call.hangup", "call_id": "never-seen"}""",
                     """{"event": "call.dtmf", "call_id": "never-seen", "digit": "1"}""",
                     Leg("leg.answered", "never-seen", "1-1-L1"),
                     """{"event": "playback.finished", "call_id": "never-seen", "playback_id": "1-1-P1"}""",
                 })
        {
            var problem = await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(body));
            Assert.Contains("never-seen", problem["detail"]!.GetValue<string>());
        }
        var phone = await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(
            $$"""{"event": "call.entered", "call_id": "p-1", "extension_id": {{cc.PhoneId}}, "caller_number": "1"}"""));
        Assert.Contains("not a queue", phone["detail"]!.GetValue<string>());
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(
            """{"event": "call.entered", "call_id": "p-2", "extension_id": 999999, "caller_number": "1"}"""));
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(
            """{"event": "agent.external_call_started", "agent_kind": "local", "agent_id": 999999}"""));
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(
            $$"""{"event": "agent.external_call_started", "agent_kind": "remote", "agent_id": {{cc.AgentId}}}"""));
        Assert.Equal((0, 0, 0), await cc.CountersAsync());
    }

    [Fact]
    public async Task Unknown_leg_ids_and_leg_events_out_of_order_are_404_and_change_nothing()
    {
        var (cc, gateway, commands) = await Ringing("ooo-1");
        using var _ = cc;
        using var __ = gateway;
        await using var ___ = commands;
        var leg = (await commands.NextAsync("ring", "ooo-1")).Str("leg_id")!;

        // A leg the engine never issued, an id of another call, a playback and a digit request never issued.
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(Leg("leg.answered", "ooo-1", leg + "9")));
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync("""{"event": "playback.finished", "call_id": "ooo-1", "playback_id": "x"}"""));
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync("""{"event": "digits.collected", "call_id": "ooo-1", "request_id": "r", "digits": "1"}"""));
        Assert.Equal((0, 1, 0), await cc.CountersAsync());

        // The ring times out in the engine (cancel_ring); a late answer for that leg is refused.
        await gateway.SendAsync(Leg("leg.no_answer", "ooo-1", leg));
        var late = await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(Leg("leg.answered", "ooo-1", leg)));
        Assert.Contains(leg, late["detail"]!.GetValue<string>());
        Assert.Equal("leg.answered", late["event"]!.GetValue<string>());

        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "ooo-1"}""");
        await AgentStillServes(cc, gateway, commands, "ooo-2");
    }

    [Fact]
    public async Task A_repeated_event_is_taken_and_changes_nothing()
    {
        var (cc, gateway, commands) = await Ringing("dup-1");
        using var _ = cc;
        using var __ = gateway;
        await using var ___ = commands;
        await using var events = await cc.EventsAsync();
        await gateway.SendAsync(cc.Entered("dup-1")); // call.entered again
        var leg = (await commands.NextAsync("ring", "dup-1")).Str("leg_id")!;
        Assert.Equal((0, 1, 0), await cc.CountersAsync());

        await gateway.SendAsync(Leg("leg.answered", "dup-1", leg));
        await gateway.SendAsync(Leg("leg.answered", "dup-1", leg)); // again
        await commands.NextAsync("bridge", "dup-1");
        await events.NextAsync("answer", "dup-1");
        Assert.Equal((1, 0, 0), await cc.CountersAsync());

        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "dup-1"}""");
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync("""{"event": "call.hangup", "call_id": "dup-1"}"""));
        // One dial-in and one hangup for the caller, whatever was repeated.
        var hangup = await events.NextAsync("hangup", "dup-1");
        Assert.Equal("completed", hangup.Str("reason"));
        await AgentStillServes(cc, gateway, commands, "dup-2");
        var next = await events.NextAsync(e => e.Str("call_id") is "dup-1" or "dup-2" && e.Event is "dial-in" or "hangup");
        Assert.Equal(("dial-in", "dup-2"), (next.Event, next.Str("call_id")));
    }

    [Fact]
    public async Task Events_for_a_caller_that_already_ended_are_refused_and_the_call_cannot_enter_again()
    {
        var (cc, gateway, commands) = await Ringing("end-1");
        using var _ = cc;
        using var __ = gateway;
        await using var ___ = commands;
        var leg = (await commands.NextAsync("ring", "end-1")).Str("leg_id")!;
        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "end-1"}""");
        await commands.NextAsync("cancel_ring", "end-1");

        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync(Leg("leg.answered", "end-1", leg)));
        await ExpectProblem(HttpStatusCode.NotFound, await gateway.PostEventAsync("""{"event": "call.dtmf", "call_id": "end-1", "digit": "1"}"""));
        var again = await ExpectProblem(HttpStatusCode.Conflict, await gateway.PostEventAsync(cc.Entered("end-1")));
        Assert.Contains("already ended", again["detail"]!.GetValue<string>());
        Assert.Equal((0, 0, 0), await cc.CountersAsync());
        await AgentStillServes(cc, gateway, commands, "end-2");
    }

    [Fact]
    public async Task A_call_in_one_queue_cannot_enter_another()
    {
        using var one = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out");
        using var two = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out", name: "Other");
        using var gateway = _host.Gateway();
        await gateway.SendAsync(one.Entered("twice-1"));
        var problem = await ExpectProblem(HttpStatusCode.Conflict, await gateway.PostEventAsync(two.Entered("twice-1")));
        Assert.Contains($"queue {one.QueueId}", problem["detail"]!.GetValue<string>());
        Assert.Equal((0, 0, 0), await two.CountersAsync());
        Assert.Equal((0, 0, 1), await one.CountersAsync());
    }

    [Fact]
    public async Task Agent_external_calls_are_taken_for_existing_agents()
    {
        using var cc = await CallCenter.CreateAsync(_host);
        using var gateway = _host.Gateway();
        var answer = await Expect(HttpStatusCode.Accepted, await gateway.PostEventAsync(
            $$"""{"event": "agent.external_call_started", "agent_kind": "local", "agent_id": {{cc.AgentId}}}"""));
        Assert.Equal("agent.external_call_started", answer["event"]!.GetValue<string>());
        var state = await _host.AgentStateAsync(QueueEngine.Domain.AgentKey.Local(cc.AgentId));
        Assert.True(state.Snapshot.InExternalCall);
        await gateway.SendAsync($$"""{"event": "agent.external_call_ended", "agent_kind": "local", "agent_id": {{cc.AgentId}}}""");
    }

    [Fact]
    public async Task Too_many_events_in_one_request_is_400()
    {
        using var gateway = _host.Gateway();
        var body = new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode?)JsonNode.Parse($$"""{"event": "call.hangup", "call_id": "n{{i}}"}""")).ToArray());
        await ExpectInvalid(await gateway.PostEventAsync(body.ToJsonString()), "$");
    }
}
