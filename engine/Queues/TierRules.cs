using QueueEngine.Domain;

namespace QueueEngine.Queues;

/// <summary>A level of a queue and how many of its members are logged in.</summary>
public readonly record struct LevelInfo(int Level, int LoggedIn);

/// <summary>
/// Which levels are open for a caller that has been in dispatch for a while (QUEUE-SPEC §3,
/// "Tiers"). Pure functions over the queue's levels, ordered lowest first.
/// </summary>
public static class TierRules
{
    /// <summary>The highest open level; every level up to it is open. int.MaxValue when all are.</summary>
    public static int MaxOpenLevel(QueueSettings settings, IReadOnlyList<LevelInfo> levels, double secondsInDispatch)
    {
        if (!settings.TierRulesApply || levels.Count == 0) return int.MaxValue;
        var open = levels[0].Level;
        double previousOpening = 0;
        for (var i = 1; i < levels.Count; i++)
        {
            var opening = OpeningOf(settings, levels, i, previousOpening);
            if (opening > secondsInDispatch) return open;
            open = levels[i].Level;
            previousOpening = opening;
        }
        return int.MaxValue;
    }

    /// <summary>The dispatch time (seconds) at which the next level opens, or null when all are open.</summary>
    public static double? NextOpening(QueueSettings settings, IReadOnlyList<LevelInfo> levels, double secondsInDispatch)
    {
        if (!settings.TierRulesApply) return null;
        double previousOpening = 0;
        for (var i = 1; i < levels.Count; i++)
        {
            var opening = OpeningOf(settings, levels, i, previousOpening);
            if (opening > secondsInDispatch) return opening;
            previousOpening = opening;
        }
        return null;
    }

    /// <summary>
    /// Level i opens at wait × level (multiply) or at wait; but a level below it with nobody logged
    /// in does not hold the caller back, so then it opens together with that level.
    /// </summary>
    private static double OpeningOf(QueueSettings s, IReadOnlyList<LevelInfo> levels, int i, double previousOpening)
    {
        if (levels[i - 1].LoggedIn == 0) return previousOpening;
        var raw = s.TierRuleWaitMultiplyLevel
            ? (double)s.TierRuleWaitSecond * levels[i].Level
            : s.TierRuleWaitSecond;
        return Math.Max(raw, previousOpening);
    }
}
