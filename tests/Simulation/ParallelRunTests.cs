using System.Text.Json.Nodes;
using QueueEngine.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>
/// Queues that share no agent run on separate engines side by side; the report must not depend on
/// how many threads ran it.
/// </summary>
public class ParallelRunTests
{
    /// <summary>
    /// The busy day (queues 100 and 200, joined by a shared agent group), plus queue 300 with agents
    /// of its own, queue 400 with its own, and a group that is a member of no queue.
    /// </summary>
    private static JsonObject ThreeIslands()
    {
        var s = Scenarios.Busy();
        var queues = s["queues"]!.AsArray();
        var agents = s["agents"]!.AsArray();
        var q300 = queues[0]!.DeepClone().AsObject();
        q300["id"] = 300;
        q300["arrivals"] = new JsonObject { ["calls_per_hour"] = 90 };
        queues.Add(q300);
        var q400 = queues[1]!.DeepClone().AsObject();
        q400["id"] = 400;
        queues.Add(q400);
        var g300 = agents[0]!.DeepClone().AsObject();
        g300["id"] = 40;
        g300["count"] = 4;
        g300["memberships"] = new JsonArray(new JsonObject { ["queue_id"] = 300, ["level"] = 1, ["position"] = 1 });
        agents.Add(g300);
        var g400 = agents[1]!.DeepClone().AsObject();
        g400["id"] = 50;
        g400["memberships"] = new JsonArray(new JsonObject { ["queue_id"] = 400, ["level"] = 1, ["position"] = 1 });
        agents.Add(g400);
        agents.Add(new JsonObject { ["id"] = 60, ["count"] = 2, ["talk_seconds"] = new JsonObject { ["type"] = "fixed", ["value"] = 60 } });
        return s;
    }

    [Fact]
    public void Queues_joined_by_shared_agents_stay_together_and_the_rest_are_balanced()
    {
        var scenario = Scenarios.Parse(ThreeIslands());

        var one = ScenarioPartitioner.Split(scenario, 1);
        Assert.Equal([0, 1, 2, 3], Assert.Single(one).QueueIndexes);

        var parts = ScenarioPartitioner.Split(scenario, 8);
        Assert.Equal(3, parts.Count); // three islands, however many threads are offered
        Assert.Equal([0, 1], parts[0].QueueIndexes); // the busiest island first
        Assert.Equal([0, 1, 4], parts[0].GroupIndexes); // with the group in no queue
        Assert.Equal([100L, 200L], parts[0].Scenario.Queues.Select(q => q.Id));
        Assert.Equal([2], parts[1].QueueIndexes);
        Assert.Equal([2], parts[1].GroupIndexes);
        Assert.Equal([3], parts[2].QueueIndexes);
        Assert.Equal([3], parts[2].GroupIndexes);

        // Two threads: the two small islands share one.
        var two = ScenarioPartitioner.Split(scenario, 2);
        Assert.Equal(2, two.Count);
        Assert.Equal([2, 3], two[1].QueueIndexes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_report_is_the_same_on_one_thread_and_on_several(int threads)
    {
        var scenario = Scenarios.Parse(ThreeIslands());
        var alone = Simulator.Run(scenario, new SimulationOptions { Parallelism = 1 });
        var split = Simulator.Run(scenario, new SimulationOptions { Parallelism = threads });

        Assert.Empty(split.EngineWarnings);
        Assert.Equal(0, split.CallersEndedTwice);
        Assert.All(split.Queues, q => Assert.True(q.Offered > 100, $"queue {q.Id} offered {q.Offered}"));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], split.Agents.Take(6).Select(a => a.Id));
        Assert.Equal(
            SimulationRunTests.WithoutWall(SimulationReport.ToJson(alone)),
            SimulationRunTests.WithoutWall(SimulationReport.ToJson(split)));
        Assert.Equal(SimulationReport.ToCsv(alone), SimulationReport.ToCsv(split));
    }

    [Fact]
    public void Progress_from_parallel_parts_never_runs_ahead_of_the_slowest()
    {
        var scenario = Scenarios.Parse(ThreeIslands());
        var seen = new List<SimulationProgress>();
        var r = Simulator.Run(scenario, new SimulationOptions { Parallelism = 3, Progress = seen.Add });

        Assert.NotEmpty(seen);
        Assert.All(seen, p => Assert.InRange(p.SimulatedSeconds, 0, scenario.DurationSeconds));
        Assert.Equal(scenario.DurationSeconds, seen[^1].SimulatedSeconds, 6);
        Assert.Equal(r.Calls, seen.Max(p => p.Calls));
    }
}
