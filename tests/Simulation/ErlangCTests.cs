using QueueEngine.Simulation;

namespace QueueEngine.Tests.Simulation;

/// <summary>The Erlang B / C formulas against known values and the textbook closed form.</summary>
public class ErlangCTests
{
    [Fact]
    public void Erlang_b_known_values()
    {
        Assert.Equal(1.0, ErlangC.ErlangB(0, 3));
        Assert.Equal(0.5, ErlangC.ErlangB(1, 1), 12);           // A / (1 + A)
        Assert.Equal(0.2, ErlangC.ErlangB(2, 1), 12);           // (1/2) / (1 + 1 + 1/2)
        Assert.Equal(0.01838, ErlangC.ErlangB(10, 5), 5);       // the classic table: 10 lines, 5 Erlangs
    }

    [Fact]
    public void Erlang_c_known_values()
    {
        Assert.Equal(0.8, ErlangC.WaitProbability(1, 0.8), 12);  // M/M/1: P(wait) = ρ
        Assert.Equal(1.0 / 3, ErlangC.WaitProbability(2, 1), 12); // M/M/2 at 1 Erlang
        Assert.Equal(1.0, ErlangC.WaitProbability(5, 5));         // overloaded
        Assert.Equal(1.0, ErlangC.WaitProbability(5, 7));
    }

    /// <summary>P(wait) = (A^c / c!) · c/(c−A) / (Σ_{k<c} A^k/k! + (A^c / c!) · c/(c−A)), in plain doubles.</summary>
    private static double ClosedForm(int c, double a)
    {
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }
        var top = term * c / (c - a);
        return top / (sum + top);
    }

    [Theory]
    [InlineData(3, 2.0)]
    [InlineData(10, 8.0)]
    [InlineData(20, 16.0)]
    [InlineData(50, 42.5)]
    [InlineData(100, 95.0)]
    public void Recurrence_matches_the_closed_form(int agents, double erlangs) =>
        Assert.Equal(ClosedForm(agents, erlangs), ErlangC.WaitProbability(agents, erlangs), 10);

    [Fact]
    public void Stays_finite_for_thousands_of_agents()
    {
        var pw = ErlangC.WaitProbability(5000, 4900);
        Assert.InRange(pw, 0, 1);
        Assert.False(double.IsNaN(pw));
    }

    [Fact]
    public void Prediction_asa_and_service_level()
    {
        // 10 agents, 180 s talk, 160 calls/h: A = 8 Erlangs.
        var p = ErlangC.Predict(10, 160.0 / 3600, 180, 20)!;
        var pw = ErlangC.WaitProbability(10, 8);
        Assert.Equal(pw, p.WaitProbability, 12);
        Assert.Equal(pw / (10.0 / 180 - 160.0 / 3600), p.AsaSeconds, 9);      // C / (cμ − λ)
        Assert.Equal(1 - pw * Math.Exp(-(10.0 / 180 - 160.0 / 3600) * 20), p.ServiceLevel, 12);
        Assert.InRange(p.WaitProbability, 0.40, 0.42);                         // tables: C(10, 8) ≈ 0.409
    }

    [Fact]
    public void No_prediction_for_an_unstable_queue() => Assert.Null(ErlangC.Predict(5, 1, 5, 20));
}
