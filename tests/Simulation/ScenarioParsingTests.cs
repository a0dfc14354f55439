using System.Text.Json.Nodes;
using QueueEngine.Domain;
using QueueEngine.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>Every class of scenario mistake is reported with the JSON path of the value at fault.</summary>
public class ScenarioParsingTests
{
    private static IReadOnlyList<ScenarioError> ErrorsOf(JsonObject json) =>
        Assert.Throws<ScenarioException>(() => Scenarios.Parse(json)).Errors;

    private static ScenarioError Single(JsonObject json, string path)
    {
        var errors = ErrorsOf(json);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        return error;
    }

    private static JsonObject Queue(JsonObject s) => s["queues"]![0]!.AsObject();
    private static JsonObject Agent(JsonObject s) => s["agents"]![0]!.AsObject();

    [Fact]
    public void A_valid_scenario_is_read_with_its_defaults()
    {
        var s = Scenarios.Parse(Scenarios.Minimal());
        Assert.Equal("minimal", s.Name);
        Assert.Equal(7, s.Seed);
        Assert.Equal(20, s.ServiceLevelSeconds);
        var q = Assert.Single(s.Queues);
        Assert.Equal(QueueSettings.Default, q.Settings);
        Assert.Null(q.Patience);
        var a = Assert.Single(s.Agents);
        Assert.Equal(1, a.Count);
        Assert.Equal(AgentKind.Local, a.Kind);
        Assert.Equal(new Distribution.Fixed(0), a.Answer);
        Assert.Equal(1.0, a.AnswerProbability);
        Assert.Empty(a.Shifts);
    }

    [Fact]
    public void The_busy_sample_is_valid_and_its_settings_go_through_the_api_validators()
    {
        var s = Scenarios.Parse(Scenarios.Busy());
        Assert.Equal(StrategyKind.RingAll, s.Queues[1].Settings.Strategy);
        Assert.Equal(AgentHangupAction.QualityRate, s.Queues[0].Settings.AgentHangupAction);
        Assert.Equal(15, s.Agents[0].Settings.WrapUpTime);
        Assert.Equal(AgentKind.Remote, s.Agents[1].Kind);
        Assert.Equal(2, s.Agents[1].Shifts.Count);
    }

    [Fact]
    public void Unknown_strategy()
    {
        var s = Scenarios.Minimal();
        Queue(s)["settings"] = new JsonObject { ["strategy"] = "fastest-agent" };
        Assert.Contains("round-robin", Single(s, "$.queues[0].settings.strategy").Message);
    }

    [Fact]
    public void Negative_rate()
    {
        var s = Scenarios.Minimal();
        Queue(s)["arrivals"]!["calls_per_hour"] = -5;
        Assert.Equal("must not be negative", Single(s, "$.queues[0].arrivals.calls_per_hour").Message);
    }

    [Fact]
    public void Negative_rate_in_the_schedule_and_an_interval_that_ends_before_it_starts()
    {
        var s = Scenarios.Minimal();
        Queue(s)["arrival_schedule"] = new JsonArray(
            new JsonObject { ["from_second"] = 0, ["to_second"] = 600, ["calls_per_hour"] = -1 },
            new JsonObject { ["from_second"] = 900, ["to_second"] = 600, ["calls_per_hour"] = 10 });
        var errors = ErrorsOf(s);
        Assert.Contains(errors, e => e.Path == "$.queues[0].arrival_schedule[0].calls_per_hour");
        Assert.Contains(errors, e => e.Path == "$.queues[0].arrival_schedule[1].to_second");
    }

    [Fact]
    public void Overlapping_schedule_intervals()
    {
        var s = Scenarios.Minimal();
        Queue(s)["arrival_schedule"] = new JsonArray(
            new JsonObject { ["from_second"] = 0, ["to_second"] = 1800, ["calls_per_hour"] = 10 },
            new JsonObject { ["from_second"] = 900, ["to_second"] = 2700, ["calls_per_hour"] = 10 });
        Assert.Contains("overlap", Single(s, "$.queues[0].arrival_schedule").Message);
    }

    [Fact]
    public void Membership_to_an_unknown_queue()
    {
        var s = Scenarios.Minimal();
        Agent(s)["memberships"]![0]!["queue_id"] = 999;
        Assert.Contains("queue 999", Single(s, "$.agents[0].memberships[0].queue_id").Message);
    }

    [Theory]
    [InlineData("""{"type": "gamma", "mean": 3}""", "$.agents[0].talk_seconds.type")]
    [InlineData("""{"mean": 3}""", "$.agents[0].talk_seconds.type")]
    [InlineData("""{"type": "exponential"}""", "$.agents[0].talk_seconds.mean")]
    [InlineData("""{"type": "exponential", "mean": 0}""", "$.agents[0].talk_seconds.mean")]
    [InlineData("""{"type": "exponential", "mean": 60, "stddev": 3}""", "$.agents[0].talk_seconds.stddev")]
    [InlineData("""{"type": "uniform", "min": 10, "max": 5}""", "$.agents[0].talk_seconds.max")]
    [InlineData("""{"type": "lognormal", "mean": 60, "stddev": -1}""", "$.agents[0].talk_seconds.stddev")]
    [InlineData("""{"type": "fixed", "value": "ten"}""", "$.agents[0].talk_seconds.value")]
    [InlineData("""60""", "$.agents[0].talk_seconds")]
    public void Bad_distribution(string distribution, string path)
    {
        var s = Scenarios.Minimal();
        Agent(s)["talk_seconds"] = JsonNode.Parse(distribution);
        Single(s, path);
    }

    [Fact]
    public void Bad_patience_distribution_is_named_under_its_queue()
    {
        var s = Scenarios.Minimal();
        Queue(s)["caller_patience_seconds"] = new JsonObject { ["type"] = "normal", ["mean"] = 5 };
        Single(s, "$.queues[0].caller_patience_seconds.type");
    }

    [Fact]
    public void Probabilities_summing_above_one()
    {
        var s = Scenarios.Minimal();
        Agent(s)["answer_probability"] = 0.8;
        Agent(s)["busy_probability"] = 0.3;
        Assert.Contains("at most 1", Single(s, "$.agents[0]").Message);
    }

    [Theory]
    [InlineData("answer_probability", 1.5)]
    [InlineData("busy_probability", -0.1)]
    public void Probability_out_of_range(string field, double value)
    {
        var s = Scenarios.Minimal();
        Agent(s)[field] = value;
        Single(s, $"$.agents[0].{field}");
    }

    [Fact]
    public void Unknown_fields_at_every_level()
    {
        var s = Scenarios.Minimal();
        s["colour"] = "blue";
        Queue(s)["priority"] = 1;
        Agent(s)["skill"] = "sales";
        Agent(s)["memberships"]![0]!["weight"] = 2;
        Queue(s)["settings"] = new JsonObject { ["music"] = 3 };
        var paths = ErrorsOf(s).Select(e => e.Path).ToList();
        Assert.Equal(
            new[] { "$.colour", "$.queues[0].priority", "$.queues[0].settings.music", "$.agents[0].skill", "$.agents[0].memberships[0].weight" }.Order(),
            paths.Order());
        Assert.All(ErrorsOf(s), e => Assert.Equal("unknown field", e.Message));
    }

    [Theory]
    [InlineData("duration_seconds", "$.duration_seconds")]
    [InlineData("queues", "$.queues")]
    [InlineData("agents", "$.agents")]
    public void Missing_required_top_level_field(string field, string path)
    {
        var s = Scenarios.Minimal();
        s.Remove(field);
        Assert.Equal("is required", ErrorsOf(s).First(e => e.Path == path).Message);
    }

    [Fact]
    public void Missing_required_fields_below()
    {
        var s = Scenarios.Minimal();
        Queue(s).Remove("id");
        Queue(s).Remove("arrivals");
        Agent(s).Remove("talk_seconds");
        var paths = ErrorsOf(s).Select(e => e.Path).ToList();
        Assert.Contains("$.queues[0].id", paths);
        Assert.Contains("$.queues[0].arrivals", paths);
        Assert.Contains("$.agents[0].talk_seconds", paths);
    }

    [Fact]
    public void Wrong_types()
    {
        var s = Scenarios.Minimal();
        s["seed"] = "forty-two";
        s["duration_seconds"] = 1.5;
        s["queues"] = new JsonObject();
        var paths = ErrorsOf(s).Select(e => e.Path).Order().ToList();
        Assert.Equal(new[] { "$.agents[0].memberships[0].queue_id", "$.duration_seconds", "$.queues", "$.seed" }, paths);
    }

    [Fact]
    public void Bad_queue_and_agent_settings_use_the_api_validators_messages()
    {
        var s = Scenarios.Minimal();
        Queue(s)["settings"] = new JsonObject { ["max_wait_time"] = -1, ["announce_sound"] = 9, ["agent_hangup_action"] = "transfer" };
        Agent(s)["settings"] = new JsonObject { ["wrap_up_time"] = "long", ["status"] = "logged_out" };
        var errors = ErrorsOf(s).ToDictionary(e => e.Path, e => e.Message);
        Assert.Equal("must be between 0 and 2592000", errors["$.queues[0].settings.max_wait_time"]);
        Assert.Equal("sound 9 does not exist", errors["$.queues[0].settings.announce_sound"]);
        Assert.Contains("required", errors["$.queues[0].settings.agent_hangup_transfer_dst"]);
        Assert.Equal("must be a whole number", errors["$.agents[0].settings.wrap_up_time"]);
        Assert.Contains("shifts", errors["$.agents[0].settings.status"]);
    }

    [Fact]
    public void Bad_shifts()
    {
        var s = Scenarios.Minimal();
        Agent(s)["shifts"] = new JsonArray(
            new JsonObject { ["login_second"] = 600, ["logout_second"] = 300 },
            new JsonObject { ["login_second"] = 0, ["logout_second"] = 7200 },
            new JsonObject { ["login_second"] = 100, ["logout_second"] = 200 });
        var errors = ErrorsOf(s).Select(e => e.Path).ToList();
        Assert.Contains("$.agents[0].shifts[0].logout_second", errors);
        Assert.Contains("$.agents[0].shifts[1].logout_second", errors); // beyond duration_seconds
    }

    [Fact]
    public void Overlapping_shifts()
    {
        var s = Scenarios.Minimal();
        Agent(s)["shifts"] = new JsonArray(
            new JsonObject { ["login_second"] = 0, ["logout_second"] = 1800 },
            new JsonObject { ["login_second"] = 1200, ["logout_second"] = 3600 });
        Assert.Contains("overlap", Single(s, "$.agents[0].shifts").Message);
    }

    [Fact]
    public void Duplicate_ids()
    {
        var s = Scenarios.Minimal();
        s["queues"]!.AsArray().Add(Queue(s).DeepClone());
        var second = Agent(s).DeepClone().AsObject();
        second["id"] = 1;
        s["agents"]!.AsArray().Add(second);
        var errors = ErrorsOf(s).Select(e => e.Path).ToList();
        Assert.Contains("$.queues[1].id", errors);
        Assert.Contains("$.agents[1].id", errors);
    }

    [Fact]
    public void Agent_id_ranges_of_groups_must_not_overlap()
    {
        var s = Scenarios.Minimal();
        Agent(s)["count"] = 10;
        var second = Agent(s).DeepClone().AsObject();
        second["id"] = 5;
        second["count"] = 1;
        s["agents"]!.AsArray().Add(second);
        Assert.Contains("overlap", Single(s, "$.agents[1].id").Message);
    }

    [Fact]
    public void Exit_key_probability_needs_an_exit_key()
    {
        var s = Scenarios.Minimal();
        Queue(s)["exit_key_probability"] = 0.2;
        Single(s, "$.queues[0].exit_key_probability");
    }

    [Fact]
    public void Not_json_at_all()
    {
        var errors = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse("{\"name\": \"x\",\n  \"seed\": }")).Errors;
        var error = Assert.Single(errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var s = Scenarios.Minimal();
        s["duration_seconds"] = 0;
        Queue(s)["settings"] = new JsonObject { ["strategy"] = "nope" };
        Agent(s)["count"] = 0;
        Agent(s)["memberships"]![0]!["queue_id"] = 5;
        Assert.True(ErrorsOf(s).Count >= 4);
    }
}
