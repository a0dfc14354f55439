namespace QueueEngine.Hosting;

/// <summary>Engine-wide settings that are not per queue or per agent.</summary>
public sealed record EngineOptions
{
    /// <summary>How long an agent is rung when its <c>call_timeout</c> is 0 (QUEUE-SPEC §1.3).</summary>
    public int DefaultCallTimeoutSeconds { get; init; } = 60;

    /// <summary>How long the caller has to press a quality rating digit (QUEUE-SPEC §2.9).</summary>
    public int QualityRateTimeoutSeconds { get; init; } = 10;

    /// <summary>
    /// If the gateway never reports the end of the start sound, dispatch starts anyway after this
    /// long, so a lost event cannot leave a caller stuck.
    /// </summary>
    public int StartSoundGuardSeconds { get; init; } = 300;

    /// <summary>
    /// Extra time an agent stays reserved beyond its ring timeout before it frees itself, should the
    /// queue never report the leg's outcome.
    /// </summary>
    public int OfferGuardSeconds { get; init; } = 30;

    /// <summary>Seed of the <c>random</c> strategy (combined with the queue id).</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Dispatcher for the engine's actors; null = Akka's default.</summary>
    public string? Dispatcher { get; init; }

    /// <summary>
    /// Goes into every id the engine issues (legs, playbacks, digit requests: <c>208-{IdTag}L1</c>),
    /// so that ids issued after a restart never repeat those of an earlier start, which a gateway
    /// may still hold. The host sets it from its start counter; empty by default.
    /// </summary>
    public string IdTag { get; init; } = "";

    /// <summary>
    /// Raise <see cref="QueueEngine.Events.QueueStatusChanged"/> after each message that changed a
    /// queue's counters (waiting, trying, answered). The simulator, whose statistics do not use it,
    /// turns it off: it was an event per message on the hot path.
    /// </summary>
    public bool QueueStatusEvents { get; init; } = true;

    /// <summary>Publish the §5 events on the EventStream (the simulator may turn this off for speed).</summary>
    public bool PublishEvents { get; init; } = true;

    /// <summary>
    /// Optional in-process recorder: called with every §5 event, synchronously, by the actor that
    /// raises it (whether or not <see cref="PublishEvents"/> is on). It must be quick, must not block
    /// and must not throw; it saves an EventStream publish and a message per event (the simulator's
    /// statistics use it).
    /// </summary>
    public Action<QueueEngine.Events.EngineEvent>? EventSink { get; init; }
}
