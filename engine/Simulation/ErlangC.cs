namespace QueueEngine.Simulation;

/// <summary>What queueing theory predicts for an M/M/c queue in steady state.</summary>
/// <param name="WaitProbability">Probability that a caller waits at all (the Erlang C formula).</param>
/// <param name="AsaSeconds">Mean wait over all callers (the average speed of answer).</param>
/// <param name="ServiceLevel">Share of callers answered within the service-level threshold.</param>
public sealed record ErlangCPrediction(double WaitProbability, double AsaSeconds, double ServiceLevel);

/// <summary>
/// The Erlang C formula, computed through the Erlang B recurrence
/// B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), then C = c·B / (c − A·(1 − B)):
/// no factorials or powers, so it stays exact for thousands of agents.
/// </summary>
public static class ErlangC
{
    /// <summary>Erlang B: the blocking probability of <paramref name="agents"/> servers offered <paramref name="erlangs"/>.</summary>
    public static double ErlangB(int agents, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        ArgumentOutOfRangeException.ThrowIfNegative(erlangs);
        var b = 1.0;
        for (var k = 1; k <= agents; k++)
            b = erlangs * b / (k + erlangs * b);
        return b;
    }

    /// <summary>Probability of waiting; 1 when the load is at or above the number of agents.</summary>
    public static double WaitProbability(int agents, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        if (erlangs >= agents) return 1.0;
        var b = ErlangB(agents, erlangs);
        return agents * b / (agents - erlangs * (1 - b));
    }

    /// <summary>
    /// Prediction for <paramref name="agents"/> agents, <paramref name="callsPerSecond"/> Poisson
    /// arrivals and exponential talk with mean <paramref name="meanTalkSeconds"/>; null when the
    /// queue is unstable (load ≥ agents), where no steady state exists.
    /// </summary>
    public static ErlangCPrediction? Predict(int agents, double callsPerSecond, double meanTalkSeconds, double serviceLevelSeconds)
    {
        var erlangs = callsPerSecond * meanTalkSeconds;
        if (agents <= 0 || erlangs >= agents || meanTalkSeconds <= 0) return null;
        var pw = WaitProbability(agents, erlangs);
        var drain = agents / meanTalkSeconds - callsPerSecond; // cμ − λ
        return new ErlangCPrediction(pw, pw / drain, 1 - pw * Math.Exp(-drain * serviceLevelSeconds));
    }
}
