using System.Text.Json;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;

namespace QueueEngine.Tests.Gateway;

public sealed class GatewayWireTests
{
    private static (IGatewayEvent? Event, string? Error) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        GatewayWire.TryParseEvent(doc.RootElement, out var e, out var error);
        return (e, error);
    }

    [Theory]
    [InlineData("""{"event":"call.entered","call_id":"a1","extension_id":208,"caller_number":"+7912","caller_name":"Ann"}""")]
    [InlineData("""{"event":"call.dtmf","call_id":"a1","digit":"#"}""")]
    [InlineData("""{"event":"call.hangup","call_id":"a1"}""")]
    [InlineData("""{"event":"playback.finished","call_id":"a1","playback_id":"208-P1"}""")]
    [InlineData("""{"event":"leg.answered","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"leg.busy","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"leg.rejected","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"leg.no_answer","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"leg.failed","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"leg.hangup","call_id":"a1","leg_id":"208-L1"}""")]
    [InlineData("""{"event":"digits.collected","call_id":"a1","request_id":"208-R1","digits":""}""")]
    [InlineData("""{"event":"agent.external_call_started","agent_kind":"remote","agent_id":9}""")]
    [InlineData("""{"event":"agent.external_call_ended","agent_kind":"local","agent_id":1,"extra":"ignored"}""")]
    public void Every_event_of_the_protocol_parses_with_its_name(string json)
    {
        var (e, error) = Parse(json);
        Assert.Null(error);
        Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("event").GetString(), e!.Name);
    }

    [Fact]
    public void Parsed_values_are_kept()
    {
        Assert.Equal(new CallEntered("a1", 208, "+7912", "Ann"),
            Parse("""{"event":"call.entered","call_id":"a1","extension_id":208,"caller_number":"+7912","caller_name":"Ann"}""").Event);
        Assert.Equal(new AgentExternalCall(AgentKey.Remote(9), true),
            Parse("""{"event":"agent.external_call_started","agent_kind":"remote","agent_id":9}""").Event);
        Assert.Equal(new LegEvent("a1", "L", LegEventKind.NoAnswer),
            Parse("""{"event":"leg.no_answer","call_id":"a1","leg_id":"L"}""").Event);
    }

    [Theory]
    [InlineData("""[]""", "event")]
    [InlineData("""{}""", "event")]
    [InlineData("""{"event":"call.teleport","call_id":"a"}""", "event")]
    [InlineData("""{"event":"call.entered","extension_id":1}""", "call_id")]
    [InlineData("""{"event":"call.entered","call_id":"a","extension_id":"208"}""", "extension_id")]
    [InlineData("""{"event":"call.entered","call_id":"a","extension_id":-3}""", "extension_id")]
    [InlineData("""{"event":"call.entered","call_id":"","extension_id":3}""", "call_id")]
    [InlineData("""{"event":"call.dtmf","call_id":"a","digit":"x"}""", "digit")]
    [InlineData("""{"event":"call.dtmf","call_id":"a","digit":"12"}""", "digit")]
    [InlineData("""{"event":"call.dtmf","call_id":"a","digit":5}""", "digit")]
    [InlineData("""{"event":"leg.answered","call_id":"a"}""", "leg_id")]
    [InlineData("""{"event":"digits.collected","call_id":"a","request_id":"r","digits":"4a"}""", "digits")]
    [InlineData("""{"event":"agent.external_call_started","agent_kind":"robot","agent_id":1}""", "agent_kind")]
    [InlineData("""{"event":"agent.external_call_started","agent_kind":"local","agent_id":0}""", "agent_id")]
    public void Bad_events_are_refused_naming_the_field(string json, string field)
    {
        var (e, error) = Parse(json);
        Assert.Null(e);
        Assert.StartsWith(field + ":", error);
    }

    [Fact]
    public void Commands_carry_their_name_and_snake_case_fields()
    {
        var ring = GatewayWire.ToJson(new Ring("a1", "208-L1", AgentKind.Remote, 9, null, "89876543210", 30, "+7912", "Ann", "x=1"));
        Assert.Equal("""{"command":"ring","call_id":"a1","leg_id":"208-L1","agent_kind":"remote","agent_id":9,"number":"89876543210","timeout_seconds":30,"caller_number":"\u002B7912","caller_name":"Ann","extra_params":"x=1"}""",
            ring.ToJsonString());
        var play = GatewayWire.ToJson(new Play("a1", null, null, Tones.Music, PlayTarget.Caller, true));
        Assert.Equal("""{"command":"play","call_id":"a1","playback_id":null,"tone":"music","to":"caller","loop":true}""", play.ToJsonString());
        Assert.Equal("collect_digits", GatewayWire.ToJson(new CollectDigits("a", "r", 81, 5, 10))["command"]!.GetValue<string>());
    }

    [Fact]
    public void Client_events_have_name_time_and_ids()
    {
        var time = new DateTimeOffset(2026, 3, 16, 12, 11, 13, TimeSpan.Zero);
        var hangup = EventWire.ToJson(new CallerHangup(time, 208, "a1", HangupReason.Timeout, EndAction.Transfer, 1800, null, 0));
        Assert.Equal("""{"event":"hangup","time":"2026-03-16T12:11:13.000Z","extension_id":208,"call_id":"a1","reason":"timeout","action":"transfer","wait_seconds":1800,"talk_seconds":0}""",
            hangup.ToJsonString());
        var status = EventWire.ToJson(new QueueStatusChanged(time, 208, 3, 1, 2));
        Assert.Equal(2, status["answered_members"]!.GetValue<int>());
        Assert.Equal("agent-login", EventWire.ToJson(new AgentLogin(time, AgentKey.Local(1)))["event"]!.GetValue<string>());
    }
}
