using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using QueueEngine.Tests.Api;
using static QueueEngine.Tests.Api.Http;
using static QueueEngine.Tests.Gateway.GatewayHttp;

namespace QueueEngine.Tests.Gateway;

/// <summary>
/// The real service killed with SIGKILL while callers wait: after a restart on the same data
/// directory the queue holds the same callers in the same order with their entry times, the agent
/// keeps its status, the caller whose agent was ringing is rung again (with a new leg id, on a
/// command stream whose ids kept increasing), and the old leg is refused.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Waiting_callers_survive_kill_9_in_order_with_their_entry_times_and_the_ringing_one_is_rung_again()
    {
        var data = Path.Combine(Path.GetTempPath(), $"queue-engine-crash-{Guid.NewGuid():N}");
        try
        {
            long queue, agent, client;
            JsonArray callersBefore;
            string oldLeg;
            long lastCommandId;
            await using (var first = await ServiceProcess.StartAsync(data))
            {
                using var admin = first.Client(ServiceProcess.AdminKey);
                using var gateway = first.Client(ServiceProcess.GatewayKey);
                async Task<long> Post(string url, string body) => (await Expect(HttpStatusCode.Created, await admin.PostAsync(url, Json(body))))["id"]!.GetValue<long>();
                client = await Post("/client/", """{"name": "Crash Ltd"}""");
                var phone = await Post($"/client/{client}/extension/", """{"name": "101", "type": "phone"}""");
                queue = await Post($"/client/{client}/extension/", """{"name": "500", "type": "queue"}""");
                await Expect(HttpStatusCode.OK, await admin.PutAsync($"/extension/{queue}/queue/", Json("""{"max_wait_time": 3600, "exit_with_no_av_agents": false}""")));
                agent = await Post($"/client/{client}/agent/local/", $$"""{"name": "Ann", "extension_id": {{phone}}, "call_timeout": 600}""");
                await Expect(HttpStatusCode.Created, await admin.PostAsync($"/extension/{queue}/queue/agents/local/", Json($$"""{"agent_id": {{agent}}}""")));

                await using var commands = await SseReader.OpenAsync(gateway, "/gateway/commands");
                foreach (var call in new[] { "crash-1", "crash-2", "crash-3" })
                    await gateway.SendAsync($$"""{"event": "call.entered", "call_id": "{{call}}", "extension_id": {{queue}}, "caller_number": "+1555{{call[^1]}}"}""");
                var ring = await commands.NextAsync("ring", "crash-1"); // the agent rings for the first caller; nobody answers
                oldLeg = ring.Str("leg_id")!;
                lastCommandId = long.Parse(ring.Id!, CultureInfo.InvariantCulture);

                var status = await Expect(HttpStatusCode.OK, await admin.GetAsync($"/extension/{queue}/queue/status/"));
                Assert.Equal((1, 2), (status["trying_members"]!.GetValue<int>(), status["waiting_members"]!.GetValue<int>()));
                callersBefore = await ReadArray(await admin.GetAsync($"/extension/{queue}/queue/callers/"));
                Assert.Equal(new[] { "crash-1", "crash-2", "crash-3" }, callersBefore.Select(c => c!["call_id"]!.GetValue<string>()));

                await first.KillAsync(); // SIGKILL: no shutdown, no flushing
            }

            await using var second = await ServiceProcess.StartAsync(data);
            using var adminAgain = second.Client(ServiceProcess.AdminKey);
            using var gatewayAgain = second.Client(ServiceProcess.GatewayKey);
            Assert.Equal("ready", (await Expect(HttpStatusCode.OK, await adminAgain.GetAsync("/readyz")))["status"]!.GetValue<string>());

            // Same callers, same order, same entry times.
            var callersAfter = await ReadArray(await adminAgain.GetAsync($"/extension/{queue}/queue/callers/"));
            Assert.Equal(callersBefore.ToJsonString(), callersAfter.ToJsonString());
            var status2 = await Expect(HttpStatusCode.OK, await adminAgain.GetAsync($"/extension/{queue}/queue/status/"));
            Assert.Equal(3, status2["trying_members"]!.GetValue<int>() + status2["waiting_members"]!.GetValue<int>());
            var agentAfter = await Expect(HttpStatusCode.OK, await adminAgain.GetAsync($"/client/{client}/agent/local/{agent}"));
            Assert.Equal("available", agentAfter["status"]!.GetValue<string>());

            // The gateway reconnects with its last id: the head caller is rung again, with a new leg.
            await using var commandsAgain = await SseReader.OpenAsync(gatewayAgain, "/gateway/commands", lastCommandId.ToString(CultureInfo.InvariantCulture));
            var ringAgain = await commandsAgain.NextAsync("ring", "crash-1");
            Assert.True(long.Parse(ringAgain.Id!, CultureInfo.InvariantCulture) > lastCommandId);
            var newLeg = ringAgain.Str("leg_id")!;
            Assert.NotEqual(oldLeg, newLeg);
            Assert.Equal(agent, ringAgain.Json["agent_id"]!.GetValue<long>());

            // The old leg is over; the new one is answered, and the caller leaves the waiting list.
            await ExpectProblem(HttpStatusCode.NotFound, await gatewayAgain.PostEventAsync(Leg("leg.answered", "crash-1", oldLeg)));
            await gatewayAgain.SendAsync(Leg("leg.answered", "crash-1", newLeg));
            await commandsAgain.NextAsync("bridge", "crash-1");
            var rest = await ReadArray(await adminAgain.GetAsync($"/extension/{queue}/queue/callers/"));
            Assert.Equal(new[] { "crash-2", "crash-3" }, rest.Select(c => c!["call_id"]!.GetValue<string>()));
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
