using System.Text.Json.Nodes;
using QueueEngine.Host.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>The <c>simulate</c> command: clean messages and exit code 2 for bad input, files for good input.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await SimulateCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_bad_scenario_exits_2_naming_each_problem_without_a_stack_trace()
    {
        var s = Scenarios.Minimal();
        s["queues"]![0]!["settings"] = new JsonObject { ["strategy"] = "fastest" };
        s["agents"]![0]!["memberships"]![0]!["queue_id"] = 5;
        s["queues"]![0]!["arrivals"]!["calls_per_hour"] = -3;
        var (code, stdout, stderr) = await Run(Write("bad.json", s.ToJsonString()));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("is not a valid scenario (3 problems)", stderr);
        Assert.Contains("  $.queues[0].settings.strategy: must be one of:", stderr);
        Assert.Contains("  $.queues[0].arrivals.calls_per_hour: must not be negative", stderr);
        Assert.Contains("  $.agents[0].memberships[0].queue_id: queue 5 is not in the scenario's queues", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public async Task Invalid_json_exits_2()
    {
        var (code, _, stderr) = await Run(Write("broken.json", "{ \"name\": "));
        Assert.Equal(2, code);
        Assert.Contains("$: not valid JSON", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var (code, _, stderr) = await Run(Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: cannot read", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.json b.json")]
    [InlineData("a.json --frobnicate")]
    [InlineData("a.json --out")]
    [InlineData("a.json --threads 0")]
    [InlineData("a.json --threads two")]
    [InlineData("a.json --threads")]
    public async Task Bad_arguments_print_the_usage_and_exit_2(string args)
    {
        var (code, _, stderr) = await Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Contains("usage: simulate SCENARIO.json", stderr);
    }

    [Fact]
    public async Task A_good_scenario_prints_the_summary_and_writes_the_report_and_the_csv()
    {
        var scenario = Write("ok.json", Scenarios.Busy().ToJsonString());
        var report = Path.Combine(_dir, "out", "report.json");
        var csv = Path.Combine(_dir, "csv");
        var (code, stdout, stderr) = await Run(scenario, "--out", report, "--csv", csv);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("busy (seed 11)", stdout);
        Assert.Contains("│ 100 ", stdout);
        Assert.Contains("│ 200 ", stdout);
        Assert.Contains("calls per second", stdout);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        Assert.Equal("busy", (string?)json["name"]);
        Assert.Equal(2, json["queues"]!.AsArray().Count);
        Assert.StartsWith("queue_id,interval_start_second,", File.ReadAllText(Path.Combine(csv, "intervals.csv")));
    }

    [Fact]
    public async Task The_csv_is_the_same_on_one_thread_and_on_several()
    {
        var scenario = Write("two.json", Scenarios.Mmc(agents: 3, load: 0.7, meanTalk: 60, durationSeconds: 7200, seed: 5).ToJsonString());
        var json = JsonNode.Parse(File.ReadAllText(scenario))!.AsObject();
        // A second queue with its own agents: two parts that may run side by side.
        var q2 = json["queues"]![0]!.DeepClone().AsObject();
        q2["id"] = 2000;
        json["queues"]!.AsArray().Add(q2);
        var g2 = json["agents"]![0]!.DeepClone().AsObject();
        g2["id"] = 500;
        g2["memberships"] = new JsonArray(new JsonObject { ["queue_id"] = 2000, ["level"] = 1, ["position"] = 1 });
        json["agents"]!.AsArray().Add(g2);
        File.WriteAllText(scenario, json.ToJsonString());

        var one = Path.Combine(_dir, "one");
        var two = Path.Combine(_dir, "two");
        Assert.Equal(0, (await Run(scenario, "--csv", one, "--threads", "1")).Code);
        Assert.Equal(0, (await Run(scenario, "--csv", two, "--threads", "2")).Code);
        var csv = File.ReadAllText(Path.Combine(one, "intervals.csv"));
        Assert.Contains("\n2000,", csv.ReplaceLineEndings("\n"));
        Assert.Equal(csv, File.ReadAllText(Path.Combine(two, "intervals.csv")));
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var (code, stdout, _) = await Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("--csv DIR", stdout);
    }
}
