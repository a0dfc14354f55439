using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QueueEngine.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>Whole runs: determinism, conservation, the report's shape, and results one can work out by hand.</summary>
public class SimulationRunTests
{
    private static readonly Regex WallFields = new("\"(wall_seconds|calls_per_wall_second)\": [^,\n]+", RegexOptions.Compiled);

    /// <summary>The report without its two wall-clock fields, which are the only ones that may differ between runs.</summary>
    internal static string WithoutWall(string report) => WallFields.Replace(report, "\"$1\": _");

    [Fact]
    public void Same_scenario_and_seed_give_a_byte_identical_report()
    {
        var first = SimulationReport.ToJson(Scenarios.Run(Scenarios.Busy()));
        var second = SimulationReport.ToJson(Scenarios.Run(Scenarios.Busy()));
        Assert.Equal(WithoutWall(first), WithoutWall(second));
        Assert.Equal(2, WallFields.Matches(first).Count);

        var other = SimulationReport.ToJson(Scenarios.Run(Scenarios.Busy(seed: 12)));
        Assert.NotEqual(WithoutWall(first), WithoutWall(other));
    }

    [Fact]
    public void The_csv_is_deterministic_too()
    {
        Assert.Equal(SimulationReport.ToCsv(Scenarios.Run(Scenarios.Busy())), SimulationReport.ToCsv(Scenarios.Run(Scenarios.Busy())));
    }

    [Fact]
    public void Every_caller_ends_once_under_one_reason()
    {
        var r = Scenarios.Run(Scenarios.Busy());
        Assert.Empty(r.EngineWarnings); // e.g. no gateway event for a call that already ended
        Assert.Equal(0, r.CallersEndedTwice);
        Assert.Equal(0, r.CallersHungUpAfterDrainLimit);
        foreach (var q in r.Queues)
        {
            Assert.True(q.Offered > 100, $"queue {q.Id} offered {q.Offered}");
            Assert.Equal(q.Offered, q.Answered + q.Abandoned + q.Timeout + q.NoAgentTimeout + q.NoAgentsOnEntry + q.ExitKey);
            Assert.Equal(q.Offered, q.Intervals.Sum(i => i.Offered));
            Assert.Equal(q.Answered, q.Intervals.Sum(i => i.Answered));
            Assert.Equal(q.Abandoned, q.Intervals.Sum(i => i.Abandoned));
            Assert.InRange(q.ServiceLevel!.Value, 0, 1);
            Assert.InRange(q.Occupancy!.Value, 0, 1);
            Assert.True(q.MaxWaitSeconds >= q.AvgWaitSeconds);
        }
        Assert.Equal(r.Calls, r.Queues.Sum(q => q.Offered));
        Assert.Equal(r.Queues.Sum(q => q.Answered), r.Agents.Sum(a => a.Answered));
        Assert.All(r.Agents, a => Assert.InRange(a.Occupancy!.Value, 0, 1));

        // The busy day takes every exit.
        var support = r.Queues[0];
        Assert.True(support.Abandoned > 0 && support.ExitKey > 0 && support.Timeout > 0, "support exits");
        Assert.InRange(support.AvgRating!.Value, 1, 5);
        var sales = r.Queues[1];
        Assert.True(sales.NoAgentsOnEntry > 0 && sales.NoAgentTimeout > 0, "sales exits");
        Assert.Equal(0, sales.Voicemail); // vm_enabled false, transfer target set
        Assert.True(support.Voicemail > 0); // timeouts have no target: voicemail
        Assert.Null(support.ErlangC);
    }

    [Fact]
    public void The_report_has_exactly_the_keys_of_the_spec()
    {
        var json = Scenarios.Mmc(3, 0.5, 60, 3600, 1);
        var report = JsonNode.Parse(SimulationReport.ToJson(Scenarios.Run(json)))!.AsObject();
        Assert.Equal(new[] { "name", "seed", "simulated_seconds", "wall_seconds", "calls", "calls_per_wall_second", "queues", "agents" },
            report.Select(p => p.Key));
        var queue = report["queues"]![0]!.AsObject();
        Assert.Equal(new[]
        {
            "id", "offered", "answered", "abandoned", "timeout", "no_agent_timeout", "no_agents_on_entry", "exit_key", "voicemail",
            "asa_seconds", "avg_wait_seconds", "max_wait_seconds", "service_level", "avg_talk_seconds", "avg_rating", "erlang_c",
        }, queue.Select(p => p.Key));
        Assert.Equal(new[] { "predicted_asa_seconds", "predicted_service_level", "predicted_wait_probability" },
            queue["erlang_c"]!.AsObject().Select(p => p.Key));
        Assert.Equal(new[] { "id", "answered", "talk_seconds", "occupancy" }, report["agents"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(3, report["agents"]!.AsArray().Count);
        Assert.True(queue.ContainsKey("avg_rating"));
        Assert.Null(queue["avg_rating"]); // no rating in this scenario: null, not 0
    }

    /// <summary>Agents that answer after exactly 3 s with plenty of them free: every caller waits exactly 3 s.</summary>
    [Fact]
    public void Fixed_answer_delay_with_idle_agents_gives_exact_waits()
    {
        var json = Scenarios.Minimal();
        json["duration_seconds"] = 7200;
        var agent = json["agents"]![0]!.AsObject();
        agent["count"] = 20;
        agent["answer_seconds"] = new JsonObject { ["type"] = "fixed", ["value"] = 3 };
        agent["talk_seconds"] = new JsonObject { ["type"] = "fixed", ["value"] = 60 };
        agent["settings"] = new JsonObject { ["wrap_up_time"] = 30 };
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.True(q.Offered > 30);
        Assert.Equal(q.Offered, q.Answered);
        Assert.Equal(3.0, q.AsaSeconds!.Value, 9);
        Assert.Equal(3.0, q.AvgWaitSeconds!.Value, 9);
        Assert.Equal(3.0, q.MaxWaitSeconds, 9);
        Assert.Equal(1.0, q.ServiceLevel);
        Assert.Equal(0.0, q.WaitProbability!.Value is var w && w == 1.0 ? 0.0 : 1.0); // everyone waited the 3 s
        Assert.Equal(60.0, q.AvgTalkSeconds!.Value, 9);
        Assert.Equal(q.Answered * 60.0, r.Agents.Sum(a => a.TalkSeconds), 6);
        // Busy = talk + wrap-up (all inside the day but the last calls'), logged in = 20 agents all day.
        var busy = r.Agents.Sum(a => a.BusySeconds);
        Assert.InRange(busy, (q.Answered - 2) * 90.0, q.Answered * 90.0);
        Assert.Equal(busy / (20 * 7200.0), q.Occupancy!.Value, 9);
    }

    /// <summary>Agents that never answer and a 30 s max wait with a target: every caller times out after exactly 30 s.</summary>
    [Fact]
    public void Agents_that_never_answer_and_a_max_wait_give_exact_timeouts()
    {
        var json = Scenarios.Minimal();
        json["queues"]![0]!["settings"] = new JsonObject { ["max_wait_time"] = 30, ["timeout_transfer_dst"] = "+999" };
        var agent = json["agents"]![0]!.AsObject();
        agent["count"] = 3;
        agent["answer_probability"] = 0.0;
        agent["settings"] = new JsonObject { ["call_timeout"] = 10 };
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.True(q.Offered > 10);
        Assert.Equal(q.Offered, q.Timeout);
        Assert.Equal(0, q.Voicemail);
        Assert.Equal(30.0, q.AvgWaitSeconds!.Value, 9);
        Assert.Equal(30.0, q.MaxWaitSeconds, 9);
        Assert.Equal(0.0, q.ServiceLevel);
        Assert.Null(q.AsaSeconds);
        Assert.All(r.Agents, a => Assert.Equal(0.0, a.Occupancy));
    }

    [Fact]
    public void Fixed_patience_and_nobody_answering_gives_exact_abandons()
    {
        var json = Scenarios.Minimal();
        json["queues"]![0]!["caller_patience_seconds"] = new JsonObject { ["type"] = "fixed", ["value"] = 45 };
        json["agents"]![0]!["answer_probability"] = 0.0;
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.Equal(q.Offered, q.Abandoned);
        Assert.Equal(45.0, q.MaxWaitSeconds, 9);
        Assert.Equal(45.0, q.AvgWaitSeconds!.Value, 9);
    }

    [Fact]
    public void Callers_who_hang_up_during_the_start_sound_leave_no_stray_events()
    {
        var json = Scenarios.Minimal();
        json["sounds"] = new JsonArray(new JsonObject { ["id"] = 3, ["duration_seconds"] = 10 });
        json["queues"]![0]!["settings"] = new JsonObject { ["start_sound"] = 3 };
        json["queues"]![0]!["caller_patience_seconds"] = new JsonObject { ["type"] = "uniform", ["min"] = 1, ["max"] = 20 };
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.True(q.Abandoned > 5, $"abandoned {q.Abandoned}");
        Assert.Empty(r.EngineWarnings); // the gateway forgot their start sound's end
    }

    [Fact]
    public void Nobody_logged_in_refuses_every_caller_into_voicemail()
    {
        var json = Scenarios.Minimal();
        json["agents"]![0]!["shifts"] = new JsonArray(new JsonObject { ["login_second"] = 3000, ["logout_second"] = 3600 });
        json["duration_seconds"] = 3600;
        json["queues"]![0]!["arrival_schedule"] = new JsonArray(new JsonObject { ["from_second"] = 2900, ["to_second"] = 3600, ["calls_per_hour"] = 0 });
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.True(q.Offered > 5);
        Assert.Equal(q.Offered, q.NoAgentsOnEntry);
        Assert.Equal(q.Offered, q.Voicemail);
        Assert.Equal(0.0, q.AvgWaitSeconds);
        // Logged in for the last 600 s of the day only, and idle then.
        var a = Assert.Single(r.Agents);
        Assert.Equal(600.0, a.LoggedInSeconds, 9);
        Assert.Equal(0.0, a.Occupancy);
    }

    [Fact]
    public void Arrival_schedule_shapes_the_offered_calls_per_interval()
    {
        var json = Scenarios.Minimal();
        json["duration_seconds"] = 7200;
        json["queues"]![0]!["arrivals"]!["calls_per_hour"] = 0;
        json["queues"]![0]!["arrival_schedule"] = new JsonArray(new JsonObject { ["from_second"] = 1800, ["to_second"] = 2700, ["calls_per_hour"] = 2000 });
        json["agents"]![0]!["count"] = 60;
        var q = Assert.Single(Scenarios.Run(json).Queues);
        var offered = q.Intervals.Select(i => i.Offered).ToArray();
        Assert.Equal(8, offered.Length);
        Assert.Equal(0, offered.Sum() - offered[2]);
        Assert.InRange(offered[2], 400, 600); // 500 expected
    }

    [Fact]
    public void Callers_still_in_the_system_at_the_end_are_served()
    {
        var json = Scenarios.Minimal();
        json["duration_seconds"] = 600;
        json["queues"]![0]!["arrivals"]!["calls_per_hour"] = 600; // ~100 calls for one agent with 60 s talk
        var r = Scenarios.Run(json);
        var q = Assert.Single(r.Queues);
        Assert.Equal(q.Offered, q.Answered);
        Assert.True(r.SimulatedSeconds > 3600, $"drained until {r.SimulatedSeconds}");
        Assert.Equal(0, r.CallersHungUpAfterDrainLimit);
    }

    [Fact]
    public void Callers_nobody_can_serve_hang_up_at_the_drain_limit()
    {
        var json = Scenarios.Minimal();
        json["queues"]![0]!["settings"] = new JsonObject { ["exit_with_no_av_agents"] = false };
        json["agents"]![0]!["shifts"] = new JsonArray(new JsonObject { ["login_second"] = 0, ["logout_second"] = 60 });
        var r = Simulator.Run(Scenarios.Parse(json), new SimulationOptions { DrainLimit = TimeSpan.FromHours(1) });
        var q = Assert.Single(r.Queues);
        Assert.True(r.CallersHungUpAfterDrainLimit > 10);
        Assert.Equal(q.Offered, q.Answered + q.Abandoned);
        Assert.Equal(r.CallersHungUpAfterDrainLimit, q.Abandoned);
        Assert.Equal(7200.0, r.SimulatedSeconds, 6);
    }

    [Fact]
    public void Csv_has_one_row_per_queue_and_quarter_hour()
    {
        var r = Scenarios.Run(Scenarios.Busy());
        var lines = SimulationReport.ToCsv(r).TrimEnd('\n').Split('\n');
        Assert.Equal(SimulationReport.CsvHeader, lines[0]);
        Assert.Equal(1 + 2 * 12, lines.Length); // 3 h = 12 intervals, 2 queues
        var row = lines[1].Split(',');
        Assert.Equal("100", row[0]);
        Assert.Equal("0", row[1]);
        Assert.Equal("0:00", row[2]);
        Assert.Equal(10, row.Length);
        // Agents logged in: queue 200's remote agents log out at 1:00 (after the call they are in) until 1:30.
        var sales = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[0] == "200").ToList();
        Assert.Equal("3", sales[0][8]);
        Assert.InRange(double.Parse(sales[4][8], System.Globalization.CultureInfo.InvariantCulture), 0, 0.5);
        Assert.Equal("0", sales[5][8]);
        Assert.Equal("", sales[5][9]); // no occupancy without anyone logged in
        Assert.Equal("3", sales[6][8]);
    }

    [Fact]
    public void Progress_is_reported_from_start_to_end()
    {
        var seen = new List<SimulationProgress>();
        Simulator.Run(Scenarios.Parse(Scenarios.Busy()), new SimulationOptions { Progress = seen.Add });
        Assert.True(seen.Count > 50);
        Assert.Equal(10800, seen[^1].SimulatedSeconds);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.SimulatedSeconds <= p.Second.SimulatedSeconds));
    }
}
