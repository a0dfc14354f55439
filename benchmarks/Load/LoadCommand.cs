extern alias service;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using service::QueueEngine.Host.Demo;

namespace QueueEngine.Benchmarks.Load;

/// <summary>
/// <c>load</c>: calls into a running service over its HTTP gateway at a fixed rate, timing each from
/// call.entered to its ring command. It creates its own client, queue (longest-idle-agent, no
/// start sound, no recording) and remote agents through the REST API, follows the command stream
/// as a <see cref="SimulatedPbx"/> whose agents answer at once, and posts one call.entered per
/// request, paced on a 1 ms tick. Each answered call talks for a while and the caller hangs up,
/// so agents free up again. The latency is the client's: it includes both HTTP directions.
/// </summary>
public static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args, out var error);
        if (options is null)
        {
            if (!string.IsNullOrEmpty(error)) await Console.Error.WriteLineAsync($"load: {error}\n");
            await Console.Error.WriteLineAsync(LoadOptions.Usage);
            return string.IsNullOrEmpty(error) ? 0 : 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            var result = await new LoadRun(options).RunAsync(stop.Token);
            Console.WriteLine(result.ToText());
            if (options.JsonPath is { } path)
                await File.WriteAllTextAsync(path, result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("load: stopped");
            return 130;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"load: {e.Message}");
            return 1;
        }
    }
}

/// <summary>Milliseconds, kept whole so that any percentile can be read.</summary>
public sealed class Samples
{
    private readonly List<double> _values = new(64 * 1024);

    public void Add(double ms)
    {
        lock (_values) _values.Add(ms);
    }

    public int Count
    {
        get { lock (_values) return _values.Count; }
    }

    public (double P50, double P90, double P99, double P999, double Max, double Mean) Summary()
    {
        double[] sorted;
        lock (_values) sorted = [.. _values];
        if (sorted.Length == 0) return default;
        Array.Sort(sorted);
        return (At(sorted, 0.50), At(sorted, 0.90), At(sorted, 0.99), At(sorted, 0.999), sorted[^1], sorted.Average());
    }

    /// <summary>Nearest rank.</summary>
    private static double At(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal sealed class LoadRun(LoadOptions options)
{
    /// <summary>call.entered requests still unanswered past which the tool stops sending (the service is not keeping up).</summary>
    private const int MaxInFlight = 5000;

    private readonly ConcurrentDictionary<string, long> _waitingForRing = new(StringComparer.Ordinal);
    private readonly Samples _enteredToRing = new();
    private readonly Samples _enteredPost = new();
    private readonly ConcurrentQueue<(double SentAt, double Ms)> _ringTimeline = new();
    private readonly ConcurrentQueue<(double SentAt, double Ms)> _postTimeline = new();
    private long _start;
    private long _measuredSent, _measuredAccepted, _skipped, _inFlight, _lateRings;
    private volatile bool _measuring;

    public async Task<LoadResult> RunAsync(CancellationToken ct)
    {
        using var adminHttp = RestClient.CreateHttpClient(options.Url, options.AdminKey);
        var admin = new RestClient(adminHttp);
        await WaitReadyAsync(adminHttp, ct);

        var setupClock = Stopwatch.StartNew();
        var queueId = await SetUpAsync(admin, ct);
        var setupSeconds = setupClock.Elapsed.TotalSeconds;
        Console.WriteLine($"load: queue {queueId} with {options.Agents} agents set up in {setupSeconds:0.0} s" +
                          (admin.RateLimited > 0 ? $" ({admin.RateLimited} answers were 429: raise QueueEngine:RateLimit for a faster setup)" : ""));

        using var gatewayHttp = GatewayClient.CreateHttpClient(options.Url, options.GatewayKey);
        var gateway = new GatewayClient(gatewayHttp, NullLogger.Instance);
        var pbx = new SimulatedPbx(gateway, new PbxOptions { AnswerProbability = 1 }, NullLogger.Instance);
        pbx.CommandReceived += OnCommand;
        using var pbxStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commands = pbx.RunAsync(connected, pbxStop.Token);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Console.WriteLine($"load: {options.WarmupSeconds:0.#} s of warm-up rising to {options.Rate:0.#} calls/s, then {options.Seconds:0.#} s measured at that rate");
        TimeSpan cpuBefore = default;
        var serverCpuBefore = double.NaN;
        Task<DispatchLatencyMetrics.Snapshot> metricsAtStart = Task.FromResult(DispatchLatencyMetrics.Snapshot.None);
        var gcBefore = GcFigures.Now();
        var (measuredSeconds, postsDuringMeasure, commandsDuringMeasure) = await PaceAsync(pbx, queueId, onMeasureStart: () =>
        {
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            serverCpuBefore = ServerCpuSeconds();
            gcBefore = GcFigures.Now();
            metricsAtStart = DispatchLatencyMetrics.ReadAsync(gatewayHttp, options.Url, ct);
        }, ct);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var serverCpu = ServerCpuSeconds() - serverCpuBefore;
        var clientGc = GcFigures.Now() - gcBefore;
        var metricsAtEnd = await DispatchLatencyMetrics.ReadAsync(gatewayHttp, options.Url, ct);
        var metricsBefore = await metricsAtStart;

        // Let the calls in progress end (their talk time), bounded.
        var drain = Stopwatch.StartNew();
        while (pbx.ActiveCalls > 0 && drain.Elapsed < TimeSpan.FromSeconds(options.TalkMaxSeconds + 15))
            await Task.Delay(100, ct);
        var metricsAfter = await DispatchLatencyMetrics.ReadAsync(gatewayHttp, options.Url, ct);
        await pbxStop.CancelAsync();
        await commands;
        if (options.SamplesPath is { } samples) await WriteSamplesAsync(samples);

        return new LoadResult(
            options, setupSeconds, measuredSeconds,
            Interlocked.Read(ref _measuredSent), Interlocked.Read(ref _measuredAccepted), Interlocked.Read(ref _skipped),
            _enteredToRing.Count, _enteredToRing.Summary(), _enteredPost.Summary(),
            Interlocked.Read(ref _lateRings), _waitingForRing.Count,
            postsDuringMeasure / measuredSeconds, commandsDuringMeasure / measuredSeconds,
            gateway.Statuses, gateway.Reconnects, pbx.Stats, pbx.ActiveCalls, cpu.TotalSeconds, serverCpu,
            DispatchLatencyMetrics.Difference(metricsBefore.Dispatch, metricsAfter.Dispatch),
            clientGc, DispatchLatencyMetrics.GcDifference(metricsBefore, metricsAtEnd));
    }

    /// <summary>Every measured call: when its call.entered was sent (seconds from the start), entered→ring and the POST's round trip.</summary>
    private async Task WriteSamplesAsync(string path)
    {
        var posts = _postTimeline.ToArray();
        var text = new StringBuilder("kind,sent_at_s,ms\n");
        foreach (var (at, ms) in _ringTimeline.OrderBy(x => x.SentAt)) text.Append(CultureInfo.InvariantCulture, $"ring,{at:0.0000},{ms:0.000}\n");
        foreach (var (at, ms) in posts.OrderBy(x => x.SentAt)) text.Append(CultureInfo.InvariantCulture, $"post,{at:0.0000},{ms:0.000}\n");
        await File.WriteAllTextAsync(path, text.ToString());
    }

    /// <summary>The service's user + system CPU seconds from /proc (Linux), when its process id was given; else NaN.</summary>
    private double ServerCpuSeconds()
    {
        if (options.ServerPid is not { } pid) return double.NaN;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (name) ": field 3 on
            const double ticksPerSecond = 100; // USER_HZ
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private async Task WaitReadyAsync(HttpClient http, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("readyz", ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (clock.Elapsed.TotalSeconds < options.ReadyTimeoutSeconds)
            {
                // not listening yet
            }
            if (clock.Elapsed.TotalSeconds >= options.ReadyTimeoutSeconds)
                throw new HttpRequestException($"{options.Url}readyz did not answer ready within {options.ReadyTimeoutSeconds} s");
            await Task.Delay(250, ct);
        }
    }

    /// <summary>A new client with one queue and <see cref="LoadOptions.Agents"/> remote agents at level 1.</summary>
    private async Task<long> SetUpAsync(RestClient admin, CancellationToken ct)
    {
        var client = await admin.PostAsync("client/", """{"name": "QueueEngine load test"}""", ct);
        var clientId = client["id"]!.GetValue<long>();
        var queue = await admin.PostAsync($"client/{clientId}/extension/", """{"name": "load", "label": "load test", "type": "queue"}""", ct);
        var queueId = queue["id"]!.GetValue<long>();
        await admin.PutAsync($"extension/{queueId}/queue/", """
            {"strategy": "longest-idle-agent", "record_enabled": false, "agent_report_wait_time": false, "vm_enabled": false}
            """, ct);
        var next = 0;
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= options.Agents)
            {
                var agent = await admin.PostAsync($"client/{clientId}/agent/remote/",
                    $$"""{"name": "load agent {{i}}", "number": "+1555{{i:D7}}", "call_timeout": 30}""", ct);
                await admin.PostAsync($"extension/{queueId}/queue/agents/remote/",
                    $$"""{"agent_id": {{RestClient.Id(agent)}}, "level": 1, "position": {{i}}}""", ct);
            }
        });
        await Task.WhenAll(workers);
        return queueId;
    }

    /// <summary>Posts call.entered at the rate, warm-up first; answers the measured seconds and the rates seen meanwhile.</summary>
    private async Task<(double Seconds, long Posts, long Commands)> PaceAsync(SimulatedPbx pbx, long queueId, Action onMeasureStart, CancellationToken ct)
    {
        var random = new Random(1);
        var run = Convert.ToHexStringLower(BitConverter.GetBytes(Environment.TickCount64))[..8];
        // Warm-up: the rate climbs from 0 to the target over its first half and holds for the
        // second, so a cold service (tier-0 code, a thread pool and connection pool still growing)
        // is not buried at once; the measured seconds then run at the target from the start.
        var ramp = options.WarmupSeconds / 2;
        double Due(double t) => options.Rate * (t < ramp ? t * t / (2 * ramp) : t - ramp / 2);
        var warmupCalls = (long)Due(options.WarmupSeconds);
        var totalCalls = warmupCalls + (long)(options.Seconds * options.Rate);
        long sent = 0, postsAtStart = 0, commandsAtStart = 0, measureStart = 0;
        var start = _start = Stopwatch.GetTimestamp();
        while (sent < totalCalls)
        {
            var due = Math.Min(totalCalls, (long)Due(Stopwatch.GetElapsedTime(start).TotalSeconds) + 1);
            for (; sent < due; sent++)
            {
                if (sent == warmupCalls)
                {
                    measureStart = Stopwatch.GetTimestamp();
                    postsAtStart = pbx.Gateway.Posted;
                    commandsAtStart = pbx.Stats.Commands;
                    onMeasureStart();
                    _measuring = true;
                }
                var plan = new CallPlan($"load-{run}-{sent}", queueId, $"+1666{sent % 10_000_000:D7}", null)
                {
                    TalkSeconds = options.TalkMinSeconds + random.NextDouble() * (options.TalkMaxSeconds - options.TalkMinSeconds),
                };
                if (Interlocked.Read(ref _inFlight) >= MaxInFlight)
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }
                _ = EnterAsync(pbx, plan, _measuring, ct);
            }
            await Task.Delay(1, ct);
        }
        var seconds = Stopwatch.GetElapsedTime(measureStart).TotalSeconds;
        _measuring = false;
        return (seconds, pbx.Gateway.Posted - postsAtStart, pbx.Stats.Commands - commandsAtStart);
    }

    private async Task EnterAsync(SimulatedPbx pbx, CallPlan plan, bool measured, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        var at = Stopwatch.GetTimestamp();
        if (measured)
        {
            Interlocked.Increment(ref _measuredSent);
            _waitingForRing[plan.CallId] = at;
        }
        try
        {
            var status = await pbx.PlaceCallAsync(plan, ct);
            if (!measured) return;
            var postMs = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
            _enteredPost.Add(postMs);
            if (options.SamplesPath is not null) _postTimeline.Enqueue((Stopwatch.GetElapsedTime(_start, at).TotalSeconds, postMs));
            if (status == 202) Interlocked.Increment(ref _measuredAccepted);
            else _waitingForRing.TryRemove(plan.CallId, out _);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>On the command stream's reading task: the first ring of a measured call ends its measurement.</summary>
    private void OnCommand(PbxCommand command, long at)
    {
        if (command.Name != "ring" || !_waitingForRing.TryRemove(command.CallId, out var entered)) return;
        var ms = Stopwatch.GetElapsedTime(entered, at).TotalMilliseconds;
        _enteredToRing.Add(ms);
        if (options.SamplesPath is not null) _ringTimeline.Enqueue((Stopwatch.GetElapsedTime(_start, entered).TotalSeconds, ms));
        if (!_measuring) Interlocked.Increment(ref _lateRings);
    }
}

/// <summary>What one load run measured.</summary>
internal sealed record LoadResult(
    LoadOptions Options, double SetupSeconds, double MeasuredSeconds, long Sent, long Accepted, long Skipped,
    int Rung, (double P50, double P90, double P99, double P999, double Max, double Mean) EnteredToRing,
    (double P50, double P90, double P99, double P999, double Max, double Mean) EnteredPost,
    long RungAfterMeasuring, int NeverRung, double GatewayPostsPerSecond, double CommandsPerSecond,
    IReadOnlyDictionary<int, long> Statuses, long Reconnects, PbxStats Pbx, int StillActive, double ClientCpuSeconds, double ServerCpuSeconds,
    DispatchLatencyMetrics.Histogram? ServerDispatch, GcFigures ClientGc, GcFigures? ServerGc)
{
    private long Errors => Statuses.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value);

    public string ToText()
    {
        var t = new StringBuilder();
        var o = Options;
        t.AppendLine()
            .AppendLine(Inv($"Gateway load: {o.Url} target {o.Rate:0.#} calls/s, {o.Seconds:0.#} s measured after {o.WarmupSeconds:0.#} s warm-up, {o.Agents} agents, talk {o.TalkMinSeconds:0.#}-{o.TalkMaxSeconds:0.#} s"))
            .AppendLine(Inv($"  calls entered       {Sent} sent, {Accepted} accepted (202) in {MeasuredSeconds:0.00} s = {Sent / MeasuredSeconds:0.0} calls/s sent, {Accepted / MeasuredSeconds:0.0} calls/s accepted"))
            .AppendLine(Inv($"  entered -> ring     {Line(EnteredToRing)}  ({Rung} rings{(NeverRung > 0 ? $", {NeverRung} calls never rung" : "")})"))
            .AppendLine(Inv($"  entered POST (202)  {Line(EnteredPost)}"))
            .AppendLine(Inv($"  gateway traffic     {GatewayPostsPerSecond:0} event POSTs/s, {CommandsPerSecond:0} commands/s on the stream, {Reconnects} stream reconnects"))
            .AppendLine(Inv($"  errors (non-2xx)    {Errors}{(Errors > 0 ? " — " + string.Join(", ", Statuses.Where(s => s.Key is < 200 or >= 300).Select(s => $"{s.Key}: {s.Value}")) : "")}; not sent (client backlog): {Skipped}"))
            .AppendLine(Inv($"  calls               {Pbx.Entered} placed, {Pbx.Answered} answered, {Pbx.CompletedByCaller} completed, {StillActive} still in progress at the end"))
            .AppendLine(Inv($"  load tool CPU       {ClientCpuSeconds:0.0} s = {ClientCpuSeconds / MeasuredSeconds * 100:0}% of one core over the measured time"));
        if (!double.IsNaN(ServerCpuSeconds))
            t.AppendLine(Inv($"  service CPU         {ServerCpuSeconds:0.0} s = {ServerCpuSeconds / MeasuredSeconds * 100:0}% of one core over the measured time"));
        t.AppendLine(Inv($"  load tool GC        {ClientGc.Describe(MeasuredSeconds)}"));
        t.AppendLine(ServerGc is { } gc
            ? Inv($"  service GC          {gc.Describe(MeasuredSeconds)}")
            : "  service GC          /metrics has no runtime meter on this service");
        t.AppendLine(ServerDispatch is { } h
            ? Inv($"  server DispatchLatency (/metrics, histogram buckets, warm-up excluded): {h.Count} rings, p50 <= {h.Quantile(0.5)} ms, p99 <= {h.Quantile(0.99)} ms")
            : "  server DispatchLatency: /metrics not available on this service");
        return t.ToString();
    }

    private static string Line((double P50, double P90, double P99, double P999, double Max, double Mean) s) =>
        Inv($"p50 {s.P50:0.00} ms  p90 {s.P90:0.00}  p99 {s.P99:0.00}  p99.9 {s.P999:0.00}  max {s.Max:0.00}  mean {s.Mean:0.00}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public JsonObject ToJson()
    {
        static JsonObject Lat((double P50, double P90, double P99, double P999, double Max, double Mean) s) => new()
        {
            ["p50_ms"] = Math.Round(s.P50, 3), ["p90_ms"] = Math.Round(s.P90, 3), ["p99_ms"] = Math.Round(s.P99, 3),
            ["p999_ms"] = Math.Round(s.P999, 3), ["max_ms"] = Math.Round(s.Max, 3), ["mean_ms"] = Math.Round(s.Mean, 3),
        };
        var statuses = new JsonObject();
        foreach (var (status, count) in Statuses.OrderBy(s => s.Key)) statuses[status.ToString(CultureInfo.InvariantCulture)] = count;
        return new JsonObject
        {
            ["url"] = Options.Url.ToString(),
            ["target_rate"] = Options.Rate,
            ["measured_seconds"] = Math.Round(MeasuredSeconds, 3),
            ["warmup_seconds"] = Options.WarmupSeconds,
            ["agents"] = Options.Agents,
            ["sent"] = Sent,
            ["accepted"] = Accepted,
            ["sent_per_second"] = Math.Round(Sent / MeasuredSeconds, 1),
            ["accepted_per_second"] = Math.Round(Accepted / MeasuredSeconds, 1),
            ["entered_to_ring"] = Lat(EnteredToRing),
            ["rings"] = Rung,
            ["never_rung"] = NeverRung,
            ["entered_post"] = Lat(EnteredPost),
            ["gateway_posts_per_second"] = Math.Round(GatewayPostsPerSecond, 1),
            ["commands_per_second"] = Math.Round(CommandsPerSecond, 1),
            ["statuses"] = statuses,
            ["errors"] = Errors,
            ["not_sent"] = Skipped,
            ["stream_reconnects"] = Reconnects,
            ["client_cpu_seconds"] = Math.Round(ClientCpuSeconds, 2),
            ["service_cpu_seconds"] = double.IsNaN(ServerCpuSeconds) ? null : Math.Round(ServerCpuSeconds, 2),
            ["client_gc"] = ClientGc.ToJson(),
            ["service_gc"] = ServerGc?.ToJson(),
            ["server_dispatch_latency"] = ServerDispatch is { } h
                ? new JsonObject { ["count"] = h.Count, ["p50_le_ms"] = h.Quantile(0.5), ["p99_le_ms"] = h.Quantile(0.99) }
                : null,
        };
    }
}

/// <summary>
/// The service's own <c>queueengine.dispatch.latency</c> histogram, read from a Prometheus
/// <c>/metrics</c> endpoint when the service has one (buckets summed over queues). Optional:
/// without the endpoint the tool reports only its own measurement.
/// </summary>
internal static class DispatchLatencyMetrics
{
    public sealed record Histogram(SortedDictionary<double, double> Buckets)
    {
        public long Count => (long)(Buckets.Count > 0 ? Buckets.Values.Max() : 0);

        /// <summary>The upper bound of the bucket that holds the quantile.</summary>
        public string Quantile(double q)
        {
            var target = q * Count;
            foreach (var (le, cumulative) in Buckets)
                if (cumulative >= target) return double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(CultureInfo.InvariantCulture);
            return "?";
        }
    }

    /// <summary>One reading of /metrics: the dispatch histogram and the runtime's GC counters (each null if absent).</summary>
    public sealed record Snapshot(Histogram? Dispatch, double? GcCollections, double? GcPauseSeconds)
    {
        public static readonly Snapshot None = new(null, null, null);
    }

    public static async Task<Snapshot> ReadAsync(HttpClient http, Uri baseAddress, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "metrics"));
            request.Headers.Authorization = null;
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) return Snapshot.None;
            var buckets = new SortedDictionary<double, double>();
            double? collections = null, pause = null;
            foreach (var line in (await response.Content.ReadAsStringAsync(ct)).Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal))
                    collections = (collections ?? 0) + Value(line);
                else if (line.StartsWith("dotnet_gc_pause_time_seconds_total", StringComparison.Ordinal))
                    pause = (pause ?? 0) + Value(line);
                if (!line.StartsWith("queueengine_dispatch_latency", StringComparison.Ordinal) || !line.Contains("_bucket{", StringComparison.Ordinal)) continue;
                var le = line.IndexOf("le=\"", StringComparison.Ordinal);
                if (le < 0) continue;
                var end = line.IndexOf('"', le + 4);
                var bound = line[(le + 4)..end] == "+Inf" ? double.PositiveInfinity : double.Parse(line[(le + 4)..end], CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + Value(line);
            }
            return new Snapshot(buckets.Count > 0 ? new Histogram(buckets) : null, collections, pause);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or ArgumentException)
        {
            return Snapshot.None;
        }
    }

    /// <summary>A sample line's value: after the labels (or the name), before an optional timestamp.</summary>
    private static double Value(string line)
    {
        var brace = line.LastIndexOf('}');
        var rest = brace >= 0 ? line[(brace + 1)..] : line[(line.IndexOf(' ') + 1)..];
        return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public static GcFigures? GcDifference(Snapshot before, Snapshot after) =>
        before is { GcCollections: { } c0, GcPauseSeconds: { } p0 } && after is { GcCollections: { } c1, GcPauseSeconds: { } p1 }
            ? new GcFigures((long)(c1 - c0), TimeSpan.FromSeconds(p1 - p0))
            : null;

    public static Histogram? Difference(Histogram? before, Histogram? after)
    {
        if (after is null) return null;
        if (before is null) return after;
        var buckets = new SortedDictionary<double, double>();
        foreach (var (le, value) in after.Buckets) buckets[le] = value - before.Buckets.GetValueOrDefault(le);
        return new Histogram(buckets);
    }
}

/// <summary>Garbage collections (all generations) and the time the process was paused for them.</summary>
internal readonly record struct GcFigures(long Collections, TimeSpan Pause)
{
    public static GcFigures Now() =>
        new(GC.CollectionCount(0), GC.GetTotalPauseDuration()); // a gen1 or gen2 collection also counts as a gen0 one

    public static GcFigures operator -(GcFigures a, GcFigures b) => new(a.Collections - b.Collections, a.Pause - b.Pause);

    public string Describe(double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"{Collections} collections ({Collections / seconds:0.0}/s), paused {Pause.TotalMilliseconds:0} ms = {Pause.TotalSeconds / seconds * 100:0.0}% of the time, {(Collections > 0 ? Pause.TotalMilliseconds / Collections : 0):0.00} ms per collection");

    public JsonObject ToJson() => new()
    {
        ["collections"] = Collections,
        ["pause_ms"] = Math.Round(Pause.TotalMilliseconds, 1),
    };
}
