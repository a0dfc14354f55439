using System.Globalization;
using System.Net;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;

namespace QueueEngine.Tests.Gateway;

/// <summary>GET /gateway/commands: the exact wire format, and reconnecting with Last-Event-ID (none lost, none twice).</summary>
public sealed class CommandStreamTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    private static long Id(SseEvent e) => long.Parse(e.Id!, CultureInfo.InvariantCulture);

    /// <summary>A queue whose agent is logged out: each caller gets exactly one command, its hold music.</summary>
    private Task<CallCenter> Waiting() =>
        CallCenter.CreateAsync(_host, """{"exit_with_no_av_agents": false}""", agentStatus: "logged_out");

    [Fact]
    public async Task Each_command_is_one_event_with_its_id_name_and_json_exactly()
    {
        using var cc = await Waiting();
        using var gateway = _host.Gateway();
        await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
        Assert.True(commands.Response.Headers.CacheControl?.NoCache);

        await gateway.SendAsync(cc.Entered("wire-1"));
        var play = await commands.NextAsync("play", "wire-1");
        var id = Id(play);
        Assert.True(id > QueueEngine.Gateway.CommandLog.IdsPerEpoch, $"id {id} carries the start's epoch");
        Assert.Equal(
            "event: play\n" +
            """data: {"command":"play","call_id":"wire-1","playback_id":null,"tone":"music","to":"caller","loop":true}""" + "\n" +
            $"id: {id}\n",
            play.Raw);
    }

    [Fact]
    public async Task A_gateway_that_reconnects_with_Last_Event_ID_gets_every_later_command_once_in_order()
    {
        using var cc = await Waiting();
        using var gateway = _host.Gateway();
        string[] calls = ["rc-1", "rc-2", "rc-3", "rc-4", "rc-5"];
        long lastSeen;
        await using (var first = await SseReader.OpenAsync(gateway, "/gateway/commands"))
        {
            foreach (var c in calls[..3]) await gateway.SendAsync(cc.Entered(c));
            lastSeen = Id(await first.NextAsync("play", "rc-1"));
        } // disconnected after reading one of three
        foreach (var c in calls[3..]) await gateway.SendAsync(cc.Entered(c)); // issued while no gateway listens

        foreach (var (url, header) in new[] { ("/gateway/commands", lastSeen.ToString(CultureInfo.InvariantCulture)), ($"/gateway/commands?last_event_id={lastSeen}", null) })
        {
            await using var again = await SseReader.OpenAsync(gateway, url, header);
            var ids = new List<long>();
            foreach (var c in calls[1..])
            {
                var e = await again.NextAsync(x => calls.Contains(x.Str("call_id")));
                Assert.Equal(("play", c), (e.Event, e.Str("call_id")));
                ids.Add(Id(e));
            }
            Assert.True(ids[0] > lastSeen);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public async Task Without_Last_Event_ID_the_stream_starts_with_the_next_command_and_0_replays_this_start()
    {
        using var cc = await Waiting();
        using var gateway = _host.Gateway();
        await gateway.SendAsync(cc.Entered("old-1"));
        // The POST answers once the event is routed; the queue issues old-1's command just after.
        // Wait until it is on the stream, so that "the next command" below is surely new-1's.
        await using (var replay = await SseReader.OpenAsync(gateway, "/gateway/commands", "0"))
            await replay.NextAsync(e => e.Str("call_id") is "old-1");
        await using (var fresh = await SseReader.OpenAsync(gateway, "/gateway/commands"))
        {
            await gateway.SendAsync(cc.Entered("new-1"));
            var first = await fresh.NextAsync(e => e.Str("call_id") is "old-1" or "new-1");
            Assert.Equal("new-1", first.Str("call_id"));
        }
        await using var all = await SseReader.OpenAsync(gateway, "/gateway/commands", "0");
        Assert.Equal("old-1", (await all.NextAsync(e => e.Str("call_id") is "old-1" or "new-1")).Str("call_id"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public async Task A_Last_Event_ID_that_is_not_a_command_id_is_400(string value)
    {
        using var gateway = _host.Gateway();
        var request = new HttpRequestMessage(HttpMethod.Get, "/gateway/commands");
        request.Headers.Add("Last-Event-ID", value);
        var response = await gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await ExpectInvalid(response, "Last-Event-ID");
    }

    [Fact]
    public async Task A_Last_Event_ID_from_the_future_streams_from_the_next_command()
    {
        using var cc = await Waiting();
        using var gateway = _host.Gateway();
        await using var stream = await SseReader.OpenAsync(gateway, "/gateway/commands", long.MaxValue.ToString(CultureInfo.InvariantCulture));
        await gateway.SendAsync(cc.Entered("future-1"));
        Assert.Equal("future-1", (await stream.NextAsync("play", "future-1")).Str("call_id"));
    }
}
