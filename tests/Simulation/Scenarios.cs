using System.Globalization;
using System.Text.Json.Nodes;
using QueueEngine.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>Scenario JSON for the simulation tests.</summary>
internal static class Scenarios
{
    /// <summary>The smallest valid scenario: one queue, one agent.</summary>
    public static JsonObject Minimal() => new()
    {
        ["name"] = "minimal",
        ["seed"] = 7,
        ["duration_seconds"] = 3600,
        ["queues"] = new JsonArray(new JsonObject
        {
            ["id"] = 208,
            ["arrivals"] = new JsonObject { ["calls_per_hour"] = 30 },
        }),
        ["agents"] = new JsonArray(new JsonObject
        {
            ["id"] = 1,
            ["memberships"] = new JsonArray(new JsonObject { ["queue_id"] = 208 }),
            ["talk_seconds"] = new JsonObject { ["type"] = "exponential", ["mean"] = 60 },
        }),
    };

    /// <summary>
    /// An M/M/c queue: Poisson arrivals at <paramref name="load"/> × agents / mean talk, exponential
    /// talk, instant answer, no patience, no wrap-up, agents always logged in.
    /// </summary>
    public static JsonObject Mmc(int agents, double load, double meanTalk, int durationSeconds, long seed, string strategy = "longest-idle-agent") => new()
    {
        ["name"] = $"mmc-{agents}",
        ["seed"] = seed,
        ["duration_seconds"] = durationSeconds,
        ["service_level_seconds"] = 20,
        ["queues"] = new JsonArray(new JsonObject
        {
            ["id"] = 1,
            ["settings"] = new JsonObject { ["strategy"] = strategy },
            ["arrivals"] = new JsonObject { ["calls_per_hour"] = load * agents / meanTalk * 3600 },
        }),
        ["agents"] = new JsonArray(new JsonObject
        {
            ["id"] = 1,
            ["count"] = agents,
            ["memberships"] = new JsonArray(new JsonObject { ["queue_id"] = 1 }),
            ["talk_seconds"] = new JsonObject { ["type"] = "exponential", ["mean"] = meanTalk },
        }),
    };

    /// <summary>
    /// A busy day that takes every exit: patience, exit key, max wait, shifts with a gap in which
    /// nobody is logged in, agents that are busy, reject or do not answer, wrap-up, quality rating,
    /// repeat callers with the sticky agent, tiers, a start sound and announcements.
    /// </summary>
    public static JsonObject Busy(long seed = 11) => JsonNode.Parse($$$"""
        {
          "name": "busy", "seed": {{{seed}}}, "duration_seconds": 10800, "service_level_seconds": 30,
          "sounds": [{"id": 5, "duration_seconds": 4}, {"id": 6, "duration_seconds": 10}, {"id": 7, "duration_seconds": 2}],
          "queues": [
            {"id": 100,
             "settings": {"strategy": "round-robin", "start_sound": 5, "announce_sound": 6, "announce_frequency": 20,
                          "max_wait_time": 150, "exit_key": "1", "exit_transfer_dst": "+100", "try_same_agent_time": 3600,
                          "agent_hangup_action": "quality_rate", "quality_rate_max": 5, "quality_rate_sound": 7,
                          "tier_rule_wait_second": 10},
             "arrivals": {"calls_per_hour": 150},
             "arrival_schedule": [{"from_second": 3600, "to_second": 5400, "calls_per_hour": 400}],
             "caller_patience_seconds": {"type": "lognormal", "mean": 120, "stddev": 60},
             "exit_key_probability": 0.1, "repeat_caller_fraction": 0.3},
            {"id": 200,
             "settings": {"strategy": "ring-all", "max_wait_time_with_no_agent": 30, "no_agent_timeout_transfer_dst": "+200",
                          "vm_enabled": false},
             "arrivals": {"calls_per_hour": 60},
             "caller_patience_seconds": {"type": "uniform", "min": 30, "max": 300}}
          ],
          "agents": [
            {"id": 1, "count": 6,
             "settings": {"wrap_up_time": 15, "call_timeout": 20, "busy_delay_time": 10, "no_answer_delay_time": 30, "reject_delay_time": 5},
             "memberships": [{"queue_id": 100, "level": 1, "position": 1}],
             "talk_seconds": {"type": "exponential", "mean": 150},
             "answer_seconds": {"type": "uniform", "min": 1, "max": 6},
             "answer_probability": 0.9, "busy_probability": 0.03, "reject_probability": 0.03},
            {"id": 20, "count": 3, "kind": "remote",
             "settings": {"wrap_up_time": 5},
             "memberships": [{"queue_id": 100, "level": 2, "position": 1}, {"queue_id": 200, "level": 1, "position": 1}],
             "talk_seconds": {"type": "fixed", "value": 90},
             "answer_seconds": {"type": "fixed", "value": 2},
             "shifts": [{"login_second": 0, "logout_second": 3600}, {"login_second": 5400, "logout_second": 10800}]}
          ]
        }
        """)!.AsObject();

    public static Scenario Parse(JsonObject json) => ScenarioParser.Parse(json.ToJsonString());

    public static SimulationResult Run(JsonObject json) => Simulator.Run(Parse(json));

    public static string Inv(double value) => value.ToString(CultureInfo.InvariantCulture);
}
