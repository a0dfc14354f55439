using QueueEngine.Domain;

namespace QueueEngine.Simulation;

/// <summary>The scenario flattened for the run: every agent of every group, indexes by id.</summary>
internal sealed class SimulationModel
{
    public SimulationModel(Scenario scenario)
    {
        Scenario = scenario;
        Queues = scenario.Queues.Select((q, i) => new QueueModel(i, q)).ToArray();
        var queueIndex = Queues.ToDictionary(q => q.Spec.Id, q => q.Index);
        var agents = new List<AgentModel>();
        for (var g = 0; g < scenario.Agents.Count; g++)
        {
            var group = scenario.Agents[g];
            for (var n = 0; n < group.Count; n++)
            {
                var id = group.Id + n;
                var settings = group.Settings with
                {
                    Name = group.Count > 1 ? $"{group.Settings.Name} #{n + 1}" : group.Settings.Name,
                    ExtensionId = group.Kind == AgentKind.Local ? group.Settings.ExtensionId + n : null,
                };
                var memberships = group.Memberships.Select(m => new Membership(new AgentKey(group.Kind, id), m.Level, m.Position + n)).ToList();
                agents.Add(new AgentModel(agents.Count, new AgentKey(group.Kind, id), g, group, settings, memberships,
                    group.Memberships.Select(m => queueIndex[m.QueueId]).ToArray()));
            }
        }
        Agents = agents.ToArray();
        AgentIndex = Agents.ToDictionary(a => a.Key, a => a.Index);
        foreach (var q in Queues)
            q.ErlangC = MmcModel.Predict(scenario, q.Spec, Agents.Where(a => a.Queues.Contains(q.Index)).ToList());
    }

    public Scenario Scenario { get; }
    public QueueModel[] Queues { get; }
    public AgentModel[] Agents { get; }
    public Dictionary<AgentKey, int> AgentIndex { get; }
}

internal sealed class QueueModel(int index, QueueSpec spec)
{
    public int Index { get; } = index;
    public QueueSpec Spec { get; } = spec;
    public ErlangCPrediction? ErlangC { get; set; }
}

internal sealed record AgentModel(
    int Index, AgentKey Key, int Group, AgentGroupSpec Spec, AgentSettings Settings,
    IReadOnlyList<Membership> Memberships, int[] Queues);

/// <summary>
/// Whether a queue is an M/M/c system, and then what Erlang C predicts for it. M/M/c here means:
/// Poisson arrivals at one rate (no <c>arrival_schedule</c>); callers never leave on their own (no
/// patience, no exit key, no <c>max_wait_time</c> or <c>max_wait_time_with_no_agent</c>); no start
/// sound (it holds dispatch back); every member agent in this queue only, logged in for the whole
/// run, answering every ring at once (<c>answer_probability</c> 1, <c>answer_seconds</c> absent or
/// fixed 0), with exponential talk of one common mean and no wrap-up; and every member reachable at
/// once (one level, or tier rules off, or <c>tier_rule_wait_second</c> 0).
/// </summary>
internal static class MmcModel
{
    public static ErlangCPrediction? Predict(Scenario scenario, QueueSpec q, IReadOnlyList<AgentModel> members)
    {
        var s = q.Settings;
        if (q.Schedule.Count > 0 || q.Patience is not null || q.ExitKeyProbability > 0) return null;
        if (s.MaxWaitTime > 0 || s.MaxWaitTimeWithNoAgent > 0 || s.StartSound is not null) return null;
        if (members.Count == 0) return null;
        var levels = members.SelectMany(m => m.Memberships).Select(m => m.Level).Distinct().Count();
        if (levels > 1 && s.TierRulesApply && s.TierRuleWaitSecond > 0) return null;

        double? mean = null;
        foreach (var a in members)
        {
            var g = a.Spec;
            if (a.Queues.Length != 1) return null;
            if (g.Talk is not Distribution.Exponential talk) return null;
            if (mean is { } m && m != talk.MeanValue) return null;
            mean = talk.MeanValue;
            if (g.Answer is not Distribution.Fixed { Value: 0 }) return null;
            if (g.AnswerProbability < 1) return null;
            if (a.Settings.WrapUpTime > 0) return null;
            if (g.Shifts.Count > 0 && !(g.Shifts.Count == 1 && g.Shifts[0].LoginSecond == 0 && g.Shifts[0].LogoutSecond == scenario.DurationSeconds))
                return null;
        }
        return ErlangC.Predict(members.Count, q.CallsPerHour / 3600, mean!.Value, scenario.ServiceLevelSeconds);
    }
}
