using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Setup;

namespace QueueEngine.Host.Demo;

/// <summary>
/// Demo mode's driver. Once the service listens and is ready, it works as an outsider would, over
/// real HTTP only: with the admin key it creates a client; with the client's key it uploads four
/// sounds, creates phone extensions with a local agent each (level 1) and a remote agent (level
/// 2), and a queue extension with a start sound, announcements, position announcements, an exit
/// key, a wait limit and quality rating; then it connects a <see cref="SimulatedPbx"/> to the
/// gateway endpoints with the gateway key and places a Poisson stream of calls. It prints the
/// client's key and the curl commands to watch the calls; each run makes a new client.
/// </summary>
public sealed class DemoRunner(
    IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> demoOptions, IOptions<SecurityOptions> security,
    IOptions<StorageOptions> storage, IHostEnvironment environment, DemoKeys keys, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger("QueueEngine.Demo");

    private static readonly (string Name, int Seconds)[] Sounds = [("welcome", 3), ("announcement", 4), ("rate-us", 3), ("thank-you", 2)];
    private static readonly string[] LocalAgentNames = ["Ann", "Bob", "Cleo", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The server stops before this service is asked to: follow the application's own stop.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var ct = stop.Token;
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(ct);
            await RunAsync(BaseAddress(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the service is stopping
        }
    }

    private async Task RunAsync(Uri baseAddress, CancellationToken ct)
    {
        var options = demoOptions.Value;
        var adminKey = security.Value.AdminApiKey ?? throw new InvalidOperationException("demo mode has no admin key");
        var gatewayKey = security.Value.GatewayApiKey ?? throw new InvalidOperationException("demo mode has no gateway key");

        using var adminHttp = RestClient.CreateHttpClient(baseAddress, adminKey);
        var admin = new RestClient(adminHttp);
        var ready = await admin.GetAsync("readyz", ct);
        _log.LogInformation("Demo: the service at {Address} is {Status}; creating the demo client, queue and agents", baseAddress, (string?)ready["status"]);

        var client = await admin.PostAsync("client/", """{"name": "QueueEngine demo"}""", ct);
        var clientId = client["id"]!.GetValue<long>();
        var clientKey = client["api_key"]!.GetValue<string>();
        using var clientHttp = RestClient.CreateHttpClient(baseAddress, clientKey);
        var api = new RestClient(clientHttp);

        var sounds = new Dictionary<string, long>();
        var soundSeconds = new Dictionary<long, double>();
        foreach (var (name, seconds) in Sounds)
        {
            var sound = await api.UploadSoundAsync(clientId, name, RestClient.SilentWav(seconds), ct);
            sounds[name] = sound["id"]!.GetValue<long>();
            soundSeconds[sounds[name]] = sound["duration_seconds"]!.GetValue<long>();
        }

        var queue = await api.PostAsync($"client/{clientId}/extension/",
            """{"name": "000*100", "label": "Support", "type": "queue", "caller_id_name": "Support"}""", ct);
        var queueId = queue["id"]!.GetValue<long>();
        await api.PutAsync($"extension/{queueId}/queue/", $$"""
            {
              "strategy": "longest-idle-agent",
              "start_sound": {{sounds["welcome"]}},
              "announce_sound": {{sounds["announcement"]}}, "announce_frequency": 20,
              "position_announce_frequency": 30,
              "max_wait_time": 180, "timeout_transfer_dst": "100",
              "exit_key": "0", "exit_transfer_dst": "100",
              "tier_rules_apply": true, "tier_rule_wait_second": 15, "tier_rule_wait_multiply_level": false,
              "agent_hangup_action": "quality_rate", "quality_rate_max": 5,
              "quality_rate_sound": {{sounds["rate-us"]}}, "quality_rate_finish_sound": {{sounds["thank-you"]}},
              "record_enabled": true, "agent_report_wait_time": true, "vm_enabled": false,
              "append_to_cid_name_on_transfer": " (from Support)"
            }
            """, ct);

        var agentNames = new Dictionary<string, string>();
        var localAgents = Math.Clamp(options.LocalAgents, 1, LocalAgentNames.Length);
        for (var i = 0; i < localAgents; i++)
        {
            var name = LocalAgentNames[i];
            var phone = await api.PostAsync($"client/{clientId}/extension/",
                $$"""{"name": "{{101 + i}}", "label": "{{name}}'s desk", "type": "phone"}""", ct);
            var agent = await api.PostAsync($"client/{clientId}/agent/local/", $$"""
                {"name": "{{name}}", "extension_id": {{RestClient.Id(phone)}}, "call_timeout": 20, "wrap_up_time": 3,
                 "busy_delay_time": 10, "no_answer_delay_time": 10, "reject_delay_time": 10}
                """, ct);
            agentNames[$"local-{RestClient.Id(agent)}"] = name;
            await api.PostAsync($"extension/{queueId}/queue/agents/local/",
                $$"""{"agent_id": {{RestClient.Id(agent)}}, "level": 1, "position": {{i + 1}}}""", ct);
        }
        var remote = await api.PostAsync($"client/{clientId}/agent/remote/", """
            {"name": "Zoe (mobile)", "number": "+15550100199", "call_timeout": 25, "wrap_up_time": 3, "no_answer_delay_time": 10}
            """, ct);
        agentNames[$"remote-{RestClient.Id(remote)}"] = "Zoe";
        await api.PostAsync($"extension/{queueId}/queue/agents/remote/", $$"""{"agent_id": {{RestClient.Id(remote)}}, "level": 2, "position": 1}""", ct);

        // The PBX: commands first, so it hears the first command of the first call.
        using var gatewayHttp = GatewayClient.CreateHttpClient(baseAddress, gatewayKey);
        var pbxLog = loggers.CreateLogger("QueueEngine.Demo.Pbx");
        var pbx = new SimulatedPbx(new GatewayClient(gatewayHttp, pbxLog), new PbxOptions
        {
            AnswerProbability = 0.85, BusyProbability = 0.05, RejectProbability = 0.05, // the rest: no answer
            AnswerMinSeconds = 1, AnswerMaxSeconds = 5, DigitSeconds = 2,
            SoundSeconds = soundSeconds, AgentNames = agentNames, TimeScale = options.TimeScale, Seed = options.Seed,
        }, pbxLog);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commands = pbx.RunAsync(connected, ct);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        PrintBanner(baseAddress, clientId, clientKey, queueId, localAgents, options);
        try
        {
            await PlaceCallsAsync(pbx, queueId, options, ct);
            _log.LogInformation("Demo: all {Calls} calls placed; the service keeps running until stopped", options.Calls);
            await commands;
        }
        finally
        {
            var s = pbx.Stats;
            _log.LogInformation(
                "Demo PBX: {Entered} calls placed, {Answered} answered, {Completed} ended by the caller after talking, {Abandoned} abandoned, "
                + "{Transferred} transferred, {HungUp} hung up by the engine, {Active} still in progress",
                s.Entered, s.Answered, s.CompletedByCaller, s.Abandoned, s.Transferred, s.HungUpByEngine, s.Active);
        }
    }

    /// <summary>A Poisson stream of callers until stopped (or <see cref="DemoOptions.Calls"/> are placed).</summary>
    private async Task PlaceCallsAsync(SimulatedPbx pbx, long queueId, DemoOptions options, CancellationToken ct)
    {
        var random = options.Seed == 0 ? new Random() : new Random(options.Seed + 1);
        var run = Convert.ToHexStringLower(BitConverter.GetBytes(Environment.TickCount64))[..6];
        for (var n = 1; options.Calls <= 0 || n <= options.Calls; n++)
        {
            var interval = -Math.Log(1 - random.NextDouble()) * options.CallIntervalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(interval * options.TimeScale), ct);

            var agentHangsUp = random.NextDouble() < options.AgentHangsUpProbability;
            var plan = new CallPlan($"demo-{run}-{n}", queueId, $"+1555{random.Next(1000000, 9999999)}", $"Caller {n}")
            {
                TalkSeconds = options.TalkMinSeconds + random.NextDouble() * Math.Max(0, options.TalkMaxSeconds - options.TalkMinSeconds),
                AgentHangsUp = agentHangsUp,
                PatienceSeconds = random.NextDouble() < options.ImpatientProbability
                    ? -Math.Log(1 - random.NextDouble()) * options.PatienceMeanSeconds
                    : null,
                ExitKey = random.NextDouble() < options.ExitKeyProbability ? "0" : null,
                ExitKeyAfterSeconds = 5 + random.NextDouble() * 15,
                Digits = agentHangsUp && random.NextDouble() < options.RatingProbability
                    ? random.Next(1, 6).ToString(CultureInfo.InvariantCulture)
                    : null,
            };
            _ = PlaceAsync(pbx, plan, ct);
        }
    }

    private async Task PlaceAsync(SimulatedPbx pbx, CallPlan plan, CancellationToken ct)
    {
        try
        {
            await pbx.PlaceCallAsync(plan, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogError(e, "Demo: call {CallId} could not be placed", plan.CallId);
        }
    }

    private void PrintBanner(Uri address, long clientId, string clientKey, long queueId, int localAgents, DemoOptions options)
    {
        var api = address.ToString().TrimEnd('/');
        var auth = $"'Authorization: Bearer {clientKey}'";
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("=== QueueEngine demo ===")
            .AppendLine($"A simulated PBX places a call about every {options.CallIntervalSeconds * options.TimeScale:0.##} s into queue extension {queueId} (\"000*100\", Support)")
            .AppendLine($"over the HTTP gateway; {localAgents} local agents (level 1) and one remote agent (level 2) answer.")
            .AppendLine()
            .AppendLine($"  client       {clientId} (\"QueueEngine demo\")")
            .AppendLine($"  client key   {clientKey}")
            .AppendLine($"  admin key    {KeyText("QueueEngine:AdminApiKey", security.Value.AdminApiKey)}")
            .AppendLine($"  gateway key  {KeyText("QueueEngine:GatewayApiKey", security.Value.GatewayApiKey)}")
            .AppendLine($"  data         {Path.GetFullPath(storage.Value.DataDirectory, environment.ContentRootPath)}")
            .AppendLine()
            .AppendLine("Watch the calls from another shell:")
            .AppendLine($"  curl -N -H {auth} {api}/client/{clientId}/events")
            .AppendLine($"  curl -s -H {auth} {api}/extension/{queueId}/queue/status/")
            .AppendLine($"  curl -s -H {auth} {api}/extension/{queueId}/queue/callers/")
            .AppendLine("Ctrl+C stops the service.")
            .AppendLine();
        Console.Out.Write(text.ToString());
        Console.Out.Flush();
        _log.LogInformation("Demo ready: client {ClientId}, queue extension {QueueId}", clientId, queueId);
    }

    private string KeyText(string name, string? key) =>
        keys.Generated.Contains(name) ? $"{key}   (generated for this run; set {name} to choose one)" : $"as configured ({name})";

    /// <summary>Where this service listens, as a client on this machine reaches it.</summary>
    private Uri BaseAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                      ?? addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server listens nowhere");
        foreach (var any in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
            address = address.Replace(any, "://127.0.0.1:", StringComparison.Ordinal);
        return new UriBuilder(address) { Path = "/" }.Uri;
    }
}
