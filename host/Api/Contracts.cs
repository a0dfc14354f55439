using System.ComponentModel;

namespace QueueEngine.Host.Api;

// The API's bodies as types, serialized snake_case. Extensions, clients, sounds and the queue
// status are answered with these; queue settings, agents and memberships are read and written by
// the shared validators (engine/Domain), and their types here describe them in the OpenAPI
// document (tests check that the two agree).

[Description("Queue settings (QUEUE-SPEC §1.1). PUT is a partial update: absent fields keep their value, null resets to the default.")]
public sealed class QueueSettingsDoc
{
    [Description("Sound id played to the agent on answer; 0 or null for none.")]
    public long? AgentAnnounceSound { get; init; }

    [Description("null, 'transfer' or 'quality_rate'.")]
    public string? AgentHangupAction { get; init; }

    [Description("Required when agent_hangup_action is 'transfer'.")]
    public string? AgentHangupTransferDst { get; init; }

    [Description("Default true.")]
    public bool? AgentReportWaitTime { get; init; }

    [Description("Seconds; 0 = no periodic announcement.")]
    public int? AnnounceFrequency { get; init; }

    public long? AnnounceSound { get; init; }

    public string? AppendToCidNameOnTransfer { get; init; }

    [Description("One of 0-9, * or #.")]
    public string? ExitKey { get; init; }

    public string? ExitTransferDst { get; init; }

    [Description("Default true.")]
    public bool? ExitWithNoAvAgents { get; init; }

    [Description("Seconds; 0 = unlimited.")]
    public int? MaxWaitTime { get; init; }

    [Description("Seconds; 0 = off.")]
    public int? MaxWaitTimeWithNoAgent { get; init; }

    public string? NoAgentTimeoutTransferDst { get; init; }

    [Description("Seconds; 0 = off.")]
    public int? PositionAnnounceFrequency { get; init; }

    public long? QualityRateFinishSound { get; init; }

    [Description("0, or 1-9.")]
    public int? QualityRateMax { get; init; }

    public long? QualityRateSound { get; init; }

    [Description("Default true.")]
    public bool? RecordEnabled { get; init; }

    [Description("Default true.")]
    public bool? SkipBusyAgents { get; init; }

    [Description("Hold music sound id; null = the gateway's default music.")]
    public long? Sound { get; init; }

    [Description("'music' (default) or 'ring'; 'ring' resets sound to null.")]
    public string? SoundType { get; init; }

    public long? StartSound { get; init; }

    [Description("ring-all, longest-idle-agent, round-robin (default), top-down, agent-with-least-talk-time, agent-with-fewest-calls, sequentially-by-agent-order or random.")]
    public string? Strategy { get; init; }

    [Description("Default true.")]
    public bool? TierRuleWaitMultiplyLevel { get; init; }

    public int? TierRuleWaitSecond { get; init; }

    [Description("Default true.")]
    public bool? TierRulesApply { get; init; }

    public string? TimeoutTransferDst { get; init; }

    [Description("Seconds, 0-2592000; 0 = off.")]
    public int? TrySameAgentTime { get; init; }

    [Description("Default true.")]
    public bool? VmAttachFile { get; init; }

    [Description("Default true.")]
    public bool? VmEnabled { get; init; }

    public long? VmGreeting { get; init; }

    [Description("An e-mail address.")]
    public string? VmMailto { get; init; }
}

[Description("Current callers of a queue (QUEUE-SPEC §1.2).")]
public sealed record QueueStatusResponse(long AnsweredMembers, long TryingMembers, long WaitingMembers);

/// <summary>The fields local and remote agents share (QUEUE-SPEC §1.3).</summary>
public abstract class AgentDocBase
{
    [Description("'available' (default) or 'logged_out'.")]
    public string? Status { get; init; }

    [Description("Seconds the agent is rung; 0 = the engine default.")]
    public int? CallTimeout { get; init; }

    public int? WrapUpTime { get; init; }

    public int? BusyDelayTime { get; init; }

    public int? NoAnswerDelayTime { get; init; }

    public int? RejectDelayTime { get; init; }

    public string? ExtraParams { get; init; }

    public long? AgentSoundId { get; init; }
}

[Description("A local agent: rings a phone extension of the same client (QUEUE-SPEC §1.3).")]
public sealed class LocalAgentDoc : AgentDocBase
{
    [Description("Read-only; assigned.")]
    public long? Id { get; init; }

    [Description("Required.")]
    public string? Name { get; init; }

    [Description("A phone extension of the same client; required on POST.")]
    public long? ExtensionId { get; init; }
}

[Description("A remote agent: rings an external number (QUEUE-SPEC §1.3).")]
public sealed class RemoteAgentDoc : AgentDocBase
{
    [Description("Read-only; assigned.")]
    public long? Id { get; init; }

    [Description("Required on POST.")]
    public string? Name { get; init; }

    [Description("'+' then digits, or digits, * and #; 1-32 characters; required on POST.")]
    public string? Number { get; init; }
}

[Description("An agent's place in a queue (QUEUE-SPEC §1.4).")]
public sealed class MembershipDoc
{
    [Description("Required on POST; read-only on PUT.")]
    public long? AgentId { get; init; }

    [Description("Default 0; lower levels are tried first.")]
    public int? Level { get; init; }

    [Description("Default 0.")]
    public int? Position { get; init; }
}

[Description("Create an extension (QUEUE-SPEC §1.5).")]
public sealed class ExtensionCreateDoc
{
    [Description("Unique within the client.")]
    public required string Name { get; init; }

    public string? Label { get; init; }

    [Description("'phone' or 'queue'. A queue extension gets a queue with default settings.")]
    public required string Type { get; init; }

    public string? CallerIdName { get; init; }

    public string? ExtraParams { get; init; }
}

[Description("Change an extension: name, label, caller_id_name, extra_params (partial update; the type cannot change).")]
public sealed class ExtensionUpdateDoc
{
    public string? Name { get; init; }
    public string? Label { get; init; }
    public string? CallerIdName { get; init; }
    public string? ExtraParams { get; init; }
}

[Description("An extension, with the seed's fields (those not implemented are null).")]
public sealed record ExtensionResponse(
    long Id,
    long ClientId,
    string Name,
    string? Label,
    string Type,
    string Status,
    string Domain,
    [property: Description("UTC, YYYY-MM-DD HH:MM:SS.")] string CreateDate,
    string? CallerIdName,
    string? ExtraParams,
    long? DialRuleLimit,
    long? ExtensionGroupId,
    string? MessageDid,
    long? DialRuleId,
    bool AniRfc3325,
    string? DidAsTransferCallerId);

[Description("Create a client (admin only).")]
public sealed class ClientCreateDoc
{
    public required string Name { get; init; }
}

[Description("A new client and its API key: the key is shown only in this answer.")]
public sealed record ClientCreatedResponse(long Id, string Name, string ApiKey);

public sealed record ClientResponse(long Id, string Name, string CreateDate);

[Description("An uploaded sound.")]
public sealed record SoundResponse(
    long Id,
    string Name,
    [property: Description("From the WAV header, rounded up to whole seconds.")] long DurationSeconds,
    long SizeBytes);

[Description("multipart/form-data upload of a WAV file.")]
public sealed class SoundUploadDoc
{
    [Description("The WAV file.")]
    public required IFormFile File { get; init; }

    [Description("Optional; defaults to the file's name.")]
    public string? Name { get; init; }
}
