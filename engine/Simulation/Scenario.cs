using QueueEngine.Domain;

namespace QueueEngine.Simulation;

// The scenario of QUEUE-SPEC §7 as read by ScenarioParser. Times are seconds of simulated time
// counted from the start of the run.

/// <summary>A whole simulated run: queues, agent groups, and how callers and agents behave.</summary>
public sealed record Scenario(
    string Name,
    long Seed,
    int DurationSeconds,
    int ServiceLevelSeconds,
    IReadOnlyList<SoundSpec> Sounds,
    IReadOnlyList<QueueSpec> Queues,
    IReadOnlyList<AgentGroupSpec> Agents)
{
    /// <summary>Calls expected from the arrival rates (for sizing and progress display only).</summary>
    public double ExpectedCalls => Queues.Sum(q => q.ExpectedCalls(DurationSeconds));

    /// <summary>Number of agents once every group is expanded.</summary>
    public int AgentCount => Agents.Sum(a => a.Count);
}

public sealed record SoundSpec(long Id, double DurationSeconds);

/// <summary>A queue, its settings (§1.1) and the callers that come to it.</summary>
public sealed record QueueSpec(
    long Id,
    QueueSettings Settings,
    double CallsPerHour,
    IReadOnlyList<ArrivalInterval> Schedule,
    Distribution? Patience,
    double ExitKeyProbability,
    double RepeatCallerFraction)
{
    /// <summary>The arrival rate (calls per hour) in force at <paramref name="second"/>, and until when it holds.</summary>
    public (double CallsPerHour, double Until) RateAt(double second, int durationSeconds)
    {
        double until = durationSeconds;
        foreach (var interval in Schedule) // sorted, not overlapping
        {
            if (second < interval.FromSecond)
            {
                until = interval.FromSecond;
                break;
            }
            if (second < interval.ToSecond) return (interval.CallsPerHour, interval.ToSecond);
        }
        return (CallsPerHour, until);
    }

    public double ExpectedCalls(int durationSeconds)
    {
        double calls = 0, at = 0;
        while (at < durationSeconds)
        {
            var (rate, until) = RateAt(at, durationSeconds);
            calls += rate * (until - at) / 3600;
            at = until;
        }
        return calls;
    }
}

/// <summary>An interval of the arrival schedule: [from, to) at its own rate.</summary>
public sealed record ArrivalInterval(int FromSecond, int ToSecond, double CallsPerHour);

/// <summary>
/// <see cref="Count"/> agents with ids <see cref="Id"/>, <see cref="Id"/>+1, …, the same settings,
/// memberships (positions counting up from the given one), behaviour and shifts.
/// </summary>
public sealed record AgentGroupSpec(
    long Id,
    AgentKind Kind,
    int Count,
    AgentSettings Settings,
    IReadOnlyList<MembershipSpec> Memberships,
    Distribution Talk,
    Distribution Answer,
    double AnswerProbability,
    double BusyProbability,
    double RejectProbability,
    IReadOnlyList<ShiftSpec> Shifts);

public sealed record MembershipSpec(long QueueId, int Level, int Position);

/// <summary>Logged in during [login, logout).</summary>
public sealed record ShiftSpec(int LoginSecond, int LogoutSecond);
