namespace QueueEngine.Domain;

/// <summary>
/// A fixed two-way mapping between enum values and their API spellings. Parsing is exact
/// (case-sensitive), because the API's names are exact.
/// </summary>
internal sealed class WireNameMap<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _toWire = [];
    private readonly Dictionary<string, T> _fromWire = new(StringComparer.Ordinal);

    public WireNameMap(params (T Value, string Wire)[] pairs)
    {
        foreach (var (value, wire) in pairs)
        {
            _toWire.Add(value, wire);
            _fromWire.Add(wire, value);
        }
        Names = pairs.Select(p => p.Wire).ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public string ToWire(T value) => _toWire.TryGetValue(value, out var wire)
        ? wire
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"No wire name for {typeof(T).Name} {value}.");

    public bool TryParse(string? wire, out T value)
    {
        value = default;
        return wire is not null && _fromWire.TryGetValue(wire, out value);
    }
}

/// <summary>Wire names of <see cref="StrategyKind"/> (QUEUE-SPEC §3).</summary>
public static class StrategyNames
{
    internal static readonly WireNameMap<StrategyKind> Map = new(
        (StrategyKind.RingAll, "ring-all"),
        (StrategyKind.LongestIdleAgent, "longest-idle-agent"),
        (StrategyKind.RoundRobin, "round-robin"),
        (StrategyKind.TopDown, "top-down"),
        (StrategyKind.AgentWithLeastTalkTime, "agent-with-least-talk-time"),
        (StrategyKind.AgentWithFewestCalls, "agent-with-fewest-calls"),
        (StrategyKind.SequentiallyByAgentOrder, "sequentially-by-agent-order"),
        (StrategyKind.Random, "random"));

    public static IReadOnlyList<string> All => Map.Names;
    public static string ToWire(StrategyKind value) => Map.ToWire(value);
    public static bool TryParse(string? wire, out StrategyKind value) => Map.TryParse(wire, out value);
}

/// <summary>Wire names of <see cref="SoundType"/>: <c>music</c>, <c>ring</c>.</summary>
public static class SoundTypeNames
{
    internal static readonly WireNameMap<SoundType> Map = new(
        (SoundType.Music, "music"),
        (SoundType.Ring, "ring"));

    public static IReadOnlyList<string> All => Map.Names;
    public static string ToWire(SoundType value) => Map.ToWire(value);
    public static bool TryParse(string? wire, out SoundType value) => Map.TryParse(wire, out value);
}

/// <summary>Wire names of <see cref="AgentHangupAction"/>: <c>transfer</c>, <c>quality_rate</c>.</summary>
public static class AgentHangupActionNames
{
    internal static readonly WireNameMap<AgentHangupAction> Map = new(
        (AgentHangupAction.Transfer, "transfer"),
        (AgentHangupAction.QualityRate, "quality_rate"));

    public static IReadOnlyList<string> All => Map.Names;
    public static string ToWire(AgentHangupAction value) => Map.ToWire(value);
    public static bool TryParse(string? wire, out AgentHangupAction value) => Map.TryParse(wire, out value);
}

/// <summary>Wire names of <see cref="AgentStatus"/>: <c>available</c>, <c>logged_out</c>.</summary>
public static class AgentStatusNames
{
    internal static readonly WireNameMap<AgentStatus> Map = new(
        (AgentStatus.Available, "available"),
        (AgentStatus.LoggedOut, "logged_out"));

    public static IReadOnlyList<string> All => Map.Names;
    public static string ToWire(AgentStatus value) => Map.ToWire(value);
    public static bool TryParse(string? wire, out AgentStatus value) => Map.TryParse(wire, out value);
}
