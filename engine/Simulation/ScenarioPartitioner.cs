namespace QueueEngine.Simulation;

/// <summary>
/// A share of a scenario that can run on its own: some of its queues and the agent groups that serve
/// them, with where each sits in the whole scenario (to put the figures back in place).
/// </summary>
internal sealed record ScenarioPart(Scenario Scenario, int[] QueueIndexes, int[] GroupIndexes);

/// <summary>
/// Splits a scenario into independent parts. Queues that share no agent (directly or through a chain
/// of shared agents) never affect each other: each caller stays in its queue, each agent serves only
/// its own queues. Such groups of queues can run on separate engines, each on its own thread and
/// virtual clock, and give the very figures one engine gives, since every random stream belongs to one
/// queue or one agent group (see <see cref="RandomStreams"/>).
/// </summary>
internal static class ScenarioPartitioner
{
    /// <summary>
    /// At most <paramref name="parts"/> parts, balanced by expected calls (largest group of queues
    /// first, each to the part with the fewest calls so far). Agent groups in no queue go with the first
    /// part. Inside a part, queues and groups keep their order in the scenario.
    /// </summary>
    public static IReadOnlyList<ScenarioPart> Split(Scenario scenario, int parts)
    {
        var queueCount = scenario.Queues.Count;
        var all = new ScenarioPart(scenario, Enumerable.Range(0, queueCount).ToArray(), Enumerable.Range(0, scenario.Agents.Count).ToArray());
        if (parts <= 1 || queueCount <= 1) return [all];

        // Queues joined by shared agent groups: union-find over queue indexes.
        var queueIndex = new Dictionary<long, int>(queueCount);
        for (var i = 0; i < queueCount; i++) queueIndex[scenario.Queues[i].Id] = i;
        var parent = Enumerable.Range(0, queueCount).ToArray();
        int Root(int q)
        {
            while (parent[q] != q) q = parent[q] = parent[parent[q]];
            return q;
        }
        foreach (var g in scenario.Agents)
            for (var m = 1; m < g.Memberships.Count; m++)
            {
                var a = Root(queueIndex[g.Memberships[0].QueueId]);
                var b = Root(queueIndex[g.Memberships[m].QueueId]);
                if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
            }

        var components = Enumerable.Range(0, queueCount).GroupBy(Root).Select(c => c.ToArray()).ToList();
        if (components.Count == 1) return [all];

        var binCount = Math.Min(parts, components.Count);
        var bins = Enumerable.Range(0, binCount).Select(_ => new List<int>()).ToArray();
        var load = new double[binCount];
        var byLoad = components
            .Select(c => (Queues: c, Calls: c.Sum(q => scenario.Queues[q].ExpectedCalls(scenario.DurationSeconds))))
            .OrderByDescending(c => c.Calls).ThenBy(c => c.Queues[0]);
        foreach (var (queues, calls) in byLoad)
        {
            var lightest = 0;
            for (var b = 1; b < binCount; b++)
                if (load[b] < load[lightest]) lightest = b;
            bins[lightest].AddRange(queues);
            load[lightest] += calls;
        }

        var binOfQueue = new int[queueCount];
        for (var b = 0; b < binCount; b++)
            foreach (var q in bins[b]) binOfQueue[q] = b;
        var groups = Enumerable.Range(0, binCount).Select(_ => new List<int>()).ToArray();
        for (var g = 0; g < scenario.Agents.Count; g++)
        {
            var memberships = scenario.Agents[g].Memberships;
            groups[memberships.Count == 0 ? 0 : binOfQueue[queueIndex[memberships[0].QueueId]]].Add(g);
        }

        return Enumerable.Range(0, binCount).Select(b =>
        {
            var queues = bins[b].Order().ToArray();
            var agentGroups = groups[b].ToArray();
            var part = scenario with
            {
                Queues = queues.Select(q => scenario.Queues[q]).ToArray(),
                Agents = agentGroups.Select(g => scenario.Agents[g]).ToArray(),
            };
            return new ScenarioPart(part, queues, agentGroups);
        }).ToList();
    }
}
