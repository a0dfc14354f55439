namespace QueueEngine.Domain;

/// <summary>The eight dispatch strategies of QUEUE-SPEC §3.</summary>
public enum StrategyKind
{
    RingAll,
    LongestIdleAgent,
    RoundRobin,
    TopDown,
    AgentWithLeastTalkTime,
    AgentWithFewestCalls,
    SequentiallyByAgentOrder,
    Random,
}

public enum SoundType { Music, Ring }

public enum AgentHangupAction { Transfer, QualityRate }

/// <summary>
/// A queue's configuration: the 32 fields of QUEUE-SPEC §1.1 with their defaults.
/// Sound ids are null for "none"; every seconds field is a whole number of seconds.
/// Validation and JSON mapping live in <see cref="QueueSettingsValidator"/>.
/// </summary>
public sealed record QueueSettings
{
    public static readonly QueueSettings Default = new();

    public long? AgentAnnounceSound { get; init; }
    public AgentHangupAction? AgentHangupAction { get; init; }
    public string? AgentHangupTransferDst { get; init; }
    public bool AgentReportWaitTime { get; init; } = true;
    public int AnnounceFrequency { get; init; }
    public long? AnnounceSound { get; init; }
    public string? AppendToCidNameOnTransfer { get; init; }
    public string? ExitKey { get; init; }
    public string? ExitTransferDst { get; init; }
    public bool ExitWithNoAvAgents { get; init; } = true;
    public int MaxWaitTime { get; init; }
    public int MaxWaitTimeWithNoAgent { get; init; }
    public string? NoAgentTimeoutTransferDst { get; init; }
    public int PositionAnnounceFrequency { get; init; }
    public long? QualityRateFinishSound { get; init; }
    public int QualityRateMax { get; init; }
    public long? QualityRateSound { get; init; }
    public bool RecordEnabled { get; init; } = true;
    public bool SkipBusyAgents { get; init; } = true;
    public long? Sound { get; init; }
    public SoundType SoundType { get; init; } = SoundType.Music;
    public long? StartSound { get; init; }
    public StrategyKind Strategy { get; init; } = StrategyKind.RoundRobin;
    public bool TierRuleWaitMultiplyLevel { get; init; } = true;
    public int TierRuleWaitSecond { get; init; }
    public bool TierRulesApply { get; init; } = true;
    public string? TimeoutTransferDst { get; init; }
    public int TrySameAgentTime { get; init; }
    public bool VmAttachFile { get; init; } = true;
    public bool VmEnabled { get; init; } = true;
    public long? VmGreeting { get; init; }
    public string? VmMailto { get; init; }
}
