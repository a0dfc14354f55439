using QueueEngine.Simulation;
using Xunit.Abstractions;

namespace QueueEngine.Tests.Simulation;

/// <summary>
/// M/M/c queues through the real engine agree with Erlang C: the proof that dispatch adds no
/// hidden delay and loses no caller. Service level and wait probability within 0.02, ASA within
/// 10%, averaged over four seeds (about 300,000 calls per queue size in all).
/// </summary>
public class MmcAgreementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5, "longest-idle-agent")]
    [InlineData(12, "round-robin")]
    [InlineData(20, "random")]
    public void Simulated_queue_matches_erlang_c(int agents, string strategy)
    {
        const double load = 0.8, meanTalk = 60;
        const int seeds = 4;
        // ~75,000 calls per seed (calls = load × agents / meanTalk × duration): with 300,000 calls the
        // standard error of the ASA is a few percent, well inside the 10% allowed.
        var duration = (int)(75_000 / (load * agents / meanTalk));
        double sl = 0, pw = 0, asa = 0;
        long calls = 0;
        ErlangCPrediction? predicted = null;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var r = Scenarios.Run(Scenarios.Mmc(agents, load, meanTalk, duration, seed, strategy));
            var q = Assert.Single(r.Queues);
            Assert.Equal(q.Offered, q.Answered); // nobody lost
            Assert.Equal(0, r.CallersEndedTwice);
            predicted = q.ErlangC;
            Assert.NotNull(predicted);
            sl += q.ServiceLevel!.Value / seeds;
            pw += q.WaitProbability!.Value / seeds;
            asa += q.AsaSeconds!.Value / seeds;
            calls += q.Offered;
        }
        var p = predicted!;
        output.WriteLine($"c={agents} calls={calls}: SL {sl:0.0000} vs {p.ServiceLevel:0.0000}, P(wait) {pw:0.0000} vs {p.WaitProbability:0.0000}, ASA {asa:0.00} vs {p.AsaSeconds:0.00}");
        Assert.InRange(sl, p.ServiceLevel - 0.02, p.ServiceLevel + 0.02);
        Assert.InRange(pw, p.WaitProbability - 0.02, p.WaitProbability + 0.02);
        Assert.InRange(asa, p.AsaSeconds * 0.9, p.AsaSeconds * 1.1);
    }

    [Fact]
    public void Erlang_c_block_only_for_mmc_queues()
    {
        var mmc = Scenarios.Mmc(5, 0.8, 60, 600, 1);
        Assert.NotNull(Assert.Single(Scenarios.Run(mmc).Queues).ErlangC);

        var patient = Scenarios.Mmc(5, 0.8, 60, 600, 1);
        patient["queues"]![0]!["caller_patience_seconds"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "fixed", ["value"] = 30 };
        Assert.Null(Assert.Single(Scenarios.Run(patient).Queues).ErlangC);

        var slowAnswer = Scenarios.Mmc(5, 0.8, 60, 600, 1);
        slowAnswer["agents"]![0]!["answer_seconds"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "fixed", ["value"] = 2 };
        Assert.Null(Assert.Single(Scenarios.Run(slowAnswer).Queues).ErlangC);

        var fixedTalk = Scenarios.Mmc(5, 0.8, 60, 600, 1);
        fixedTalk["agents"]![0]!["talk_seconds"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "fixed", ["value"] = 60 };
        Assert.Null(Assert.Single(Scenarios.Run(fixedTalk).Queues).ErlangC);

        var wrapUp = Scenarios.Mmc(5, 0.8, 60, 600, 1);
        wrapUp["agents"]![0]!["settings"] = new System.Text.Json.Nodes.JsonObject { ["wrap_up_time"] = 5 };
        Assert.Null(Assert.Single(Scenarios.Run(wrapUp).Queues).ErlangC);

        var overloaded = Scenarios.Mmc(5, 1.2, 60, 600, 1);
        Assert.Null(Assert.Single(Scenarios.Run(overloaded).Queues).ErlangC);
    }
}
