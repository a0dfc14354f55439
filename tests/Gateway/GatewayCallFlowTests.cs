using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Gateway.GatewayHttp;

namespace QueueEngine.Tests.Gateway;

/// <summary>
/// Calls end to end over HTTP, as a gateway and a client see them: events in through
/// POST /gateway/events, commands out on GET /gateway/commands, the client's events on
/// GET /client/{id}/events, and the status endpoint agreeing with the stream at every step.
/// </summary>
public sealed class GatewayCallFlowTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    [Fact]
    public async Task A_call_rings_the_agent_is_answered_and_hangs_up_with_counters_and_events_in_step()
    {
        using var cc = await CallCenter.CreateAsync(_host, """{"record_enabled": false, "agent_report_wait_time": false}""");
        using var gateway = _host.Gateway();
        await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        await using var events = await cc.EventsAsync();

        await gateway.SendAsync(cc.Entered("flow-1", "+15550111", "Bob"));
        var ring = (await commands.NextAsync("ring", "flow-1")).Json;
        Assert.Equal(("local", cc.AgentId, cc.PhoneId, 30), (ring["agent_kind"]!.GetValue<string>(), ring["agent_id"]!.GetValue<long>(),
            ring["extension_id"]!.GetValue<long>(), ring["timeout_seconds"]!.GetValue<int>()));
        Assert.Equal(("+15550111", "Bob"), (ring["caller_number"]!.GetValue<string>(), ring["caller_name"]!.GetValue<string>()));
        var leg = ring["leg_id"]!.GetValue<string>();

        // The client's stream: exactly this call's events, in order.
        var dialIn = await events.NextAsync();
        Assert.Equal(("dial-in", "flow-1", cc.QueueId), (dialIn.Event, dialIn.Str("call_id"), dialIn.Json["extension_id"]!.GetValue<long>()));
        var trying = await events.NextAsync();
        Assert.Equal(("queue-status", cc.QueueId, (0, 1, 0)), (trying.Event, trying.Json["extension_id"]!.GetValue<long>(), trying.Counters()));
        var offer = await events.NextAsync();
        Assert.Equal(("offer", leg, cc.AgentId), (offer.Event, offer.Str("leg_id"), offer.Json["agent_id"]!.GetValue<long>()));
        Assert.Equal((0, 1, 0), await cc.CountersAsync());

        await gateway.SendAsync(Leg("leg.answered", "flow-1", leg));
        await commands.NextAsync("stop_playback", "flow-1");
        Assert.Equal(leg, (await commands.NextAsync("bridge", "flow-1")).Str("leg_id"));
        var answer = await events.NextAsync();
        Assert.Equal(("answer", leg), (answer.Event, answer.Str("leg_id")));
        var talking = await events.NextAsync();
        Assert.Equal(("queue-status", (1, 0, 0)), (talking.Event, talking.Counters()));
        Assert.Equal((1, 0, 0), await cc.CountersAsync());

        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "flow-1"}""");
        var hangup = await events.NextAsync();
        Assert.Equal(("hangup", "completed", "hangup"), (hangup.Event, hangup.Str("reason"), hangup.Str("action")));
        Assert.Equal(cc.AgentId, hangup.Json["agent_id"]!.GetValue<long>());
        var empty = await events.NextAsync();
        Assert.Equal(("queue-status", (0, 0, 0)), (empty.Event, empty.Counters()));
        Assert.Equal((0, 0, 0), await cc.CountersAsync());
    }

    [Fact]
    public async Task The_exit_key_transfers_the_caller_and_the_hangup_event_says_why()
    {
        using var cc = await CallCenter.CreateAsync(_host,
            """{"exit_key": "5", "exit_transfer_dst": "333", "exit_with_no_av_agents": false, "append_to_cid_name_on_transfer": " (queue)"}""",
            agentStatus: "logged_out");
        using var gateway = _host.Gateway();
        await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        await using var events = await cc.EventsAsync();

        await gateway.SendAsync(cc.Entered("exit-1", name: "Eve"));
        await commands.NextAsync("play", "exit-1");
        Assert.Equal((0, 0, 1), await cc.CountersAsync());
        await gateway.SendAsync("""{"event": "call.dtmf", "call_id": "exit-1", "digit": "4"}"""); // not the exit key: nothing happens
        await gateway.SendAsync("""{"event": "call.dtmf", "call_id": "exit-1", "digit": "5"}""");

        var transfer = await commands.NextAsync("transfer", "exit-1");
        Assert.Equal(("333", "Eve (queue)"), (transfer.Str("destination"), transfer.Str("caller_name")));
        var hangup = await events.NextAsync("hangup", "exit-1");
        Assert.Equal(("exit_key", "transfer"), (hangup.Str("reason"), hangup.Str("action")));
        await events.NextAsync(e => e.Event == "queue-status" && e.Counters() == (0, 0, 0));
        Assert.Equal((0, 0, 0), await cc.CountersAsync());
    }

    [Fact]
    public async Task A_caller_who_waits_max_wait_time_is_transferred_with_reason_timeout()
    {
        using var cc = await CallCenter.CreateAsync(_host,
            """{"max_wait_time": 1, "timeout_transfer_dst": "444", "exit_with_no_av_agents": false}""", agentStatus: "logged_out");
        using var gateway = _host.Gateway();
        await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        await using var events = await cc.EventsAsync();

        await gateway.SendAsync(cc.Entered("wait-1"));
        // The engine's own timer, in real time: awaited with a generous timeout, never slept on.
        Assert.Equal("444", (await commands.NextAsync("transfer", "wait-1", TimeSpan.FromSeconds(30))).Str("destination"));
        var hangup = await events.NextAsync("hangup", "wait-1");
        Assert.Equal(("timeout", "transfer", 1), (hangup.Str("reason"), hangup.Str("action"), hangup.Json["wait_seconds"]!.GetValue<int>()));
        Assert.Equal((0, 0, 0), await cc.CountersAsync());
    }

    [Fact]
    public async Task A_busy_agent_gets_an_offer_failed_and_the_caller_waits_again()
    {
        using var cc = await CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""");
        await cc.Api.PutAsync($"/client/{cc.Tenant.Id}/agent/local/{cc.AgentId}", Http.Json("""{"busy_delay_time": 600}"""));
        using var gateway = _host.Gateway();
        await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        await using var events = await cc.EventsAsync();

        await gateway.SendAsync(cc.Entered("busy-1"));
        var leg = (await commands.NextAsync("ring", "busy-1")).Str("leg_id")!;
        await gateway.SendAsync(Leg("leg.busy", "busy-1", leg));
        Assert.Equal("busy", (await events.NextAsync("offer-failed", "busy-1")).Str("reason"));
        await events.NextAsync(e => e.Event == "queue-status" && e.Counters() == (0, 0, 1));
        Assert.Equal((0, 0, 1), await cc.CountersAsync());

        await gateway.SendAsync("""{"event": "call.hangup", "call_id": "busy-1"}""");
        Assert.Equal("abandoned", (await events.NextAsync("hangup", "busy-1")).Str("reason"));
    }
}
