using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QueueEngine.Tests.Api;

namespace QueueEngine.Tests.Demo;

/// <summary>
/// <c>demo</c> mode in the real process: the service makes its sample client, queue and agents
/// through its own REST API and its simulated PBX drives calls over the HTTP gateway, until a
/// watcher of the client's event stream sees a call answered and then ended. The PBX runs twenty
/// times faster than real time (<c>TimeScale</c>); every wait is a read of the process's output or
/// of the event stream, bounded by one deadline.
/// </summary>
public sealed partial class DemoModeTests
{
    [GeneratedRegex(@"curl -N -H 'Authorization: Bearer (?<key>[^']+)' (?<api>http://\S+)/client/(?<client>\d+)/events")]
    private static partial Regex WatchCommand();

    [GeneratedRegex(@"(?<api>http://\S+)/extension/(?<queue>\d+)/queue/status/")]
    private static partial Regex StatusCommand();

    [Fact]
    public async Task Demo_mode_drives_calls_over_the_http_gateway_until_one_is_answered_and_ended()
    {
        var data = Path.Combine(Path.GetTempPath(), $"queue-engine-demo-{Guid.NewGuid():N}");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = deadline.Token;
        var output = new ConcurrentQueue<string>();
        using var process = StartDemo(data, output, out var banner);
        try
        {
            var (watch, status) = await banner.Task.WaitAsync(ct);
            var key = watch.Groups["key"].Value;
            using var http = new HttpClient { BaseAddress = new Uri(watch.Groups["api"].Value + "/"), Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            // The watcher of the README: the client's events, until an answered call has ended.
            using var response = await http.GetAsync($"client/{watch.Groups["client"].Value}/events",
                HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var answered = new HashSet<string>();
            JsonObject? ended = null;
            var seen = new HashSet<string>();
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
            {
                var e = (JsonObject)JsonNode.Parse(item.Data)!;
                seen.Add(item.EventType);
                var callId = (string?)e["call_id"];
                if (item.EventType == "answer" && callId is not null) answered.Add(callId);
                if (item.EventType == "hangup" && callId is not null && answered.Contains(callId))
                {
                    ended = e;
                    break;
                }
            }

            Assert.NotNull(ended);
            Assert.Equal("completed", (string?)ended["reason"]);
            Assert.Contains("dial-in", seen);
            Assert.Contains("offer", seen);
            Assert.Contains("queue-status", seen);

            // The status command of the banner answers the three counters.
            var counters = JsonNode.Parse(await http.GetStringAsync($"extension/{status.Groups["queue"].Value}/queue/status/", ct))!.AsObject();
            Assert.Equal(["answered_members", "trying_members", "waiting_members"], counters.Select(p => p.Key).Order());

            // The PBX was a real HTTP client of the gateway.
            Assert.Contains(output, line => line.Contains("Command stream open", StringComparison.Ordinal));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail("The demo did not show an answered and ended call in time. Its output:\n" + string.Join("\n", output.TakeLast(60)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    /// <summary><c>dotnet QueueEngine.Host.dll demo</c> on a free loopback port, fast; the banner's watch and status commands.</summary>
    private static Process StartDemo(string data, ConcurrentQueue<string> output, out TaskCompletionSource<(Match Watch, Match Status)> banner)
    {
        var start = ServiceProcess.HostStartInfo(
        [
            "demo", "--urls", "http://127.0.0.1:0", "--QueueEngine:DataDirectory", data,
            "--QueueEngine:Demo:TimeScale", "0.05", "--QueueEngine:Demo:Seed", "7",
        ]);
        var found = new TaskCompletionSource<(Match, Match)>(TaskCreationOptions.RunContinuationsAsynchronously);
        banner = found;
        var process = new Process { StartInfo = start };
        Match? watch = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            output.Enqueue(line);
            if (WatchCommand().Match(line) is { Success: true } w) watch = w;
            else if (watch is not null && StatusCommand().Match(line) is { Success: true } s) found.TrySetResult((watch, s));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) output.Enqueue(line);
        };
        process.Exited += (_, _) => found.TrySetException(new InvalidOperationException(
            "The demo exited before it printed its banner:\n" + string.Join("\n", output.TakeLast(60))));
        process.EnableRaisingEvents = true;
        if (!process.Start()) throw new InvalidOperationException("dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
