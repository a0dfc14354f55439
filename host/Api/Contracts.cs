using System.ComponentModel;

namespace QueueEngine.Host.Api;

// The API's bodies as types, serialized snake_case. Extensions, clients, sounds and the queue
// status are answered with these; queue settings, agents and memberships are read and written by
// the shared validators (engine/Domain), and their types here describe them in the OpenAPI
// document (tests check that the two agree).

[Description("Queue settings (QUEUE-SPEC §1.1). PUT is a partial update: absent fields keep their value, null resets to the default.")]
public sealed record QueueSettingsDoc(
    [property: Description("Sound id played to the agent on answer; 0 or null for none.")] long? AgentAnnounceSound,
    [property: Description("null, 'transfer' or 'quality_rate'.")] string? AgentHangupAction,
    [property: Description("Required when agent_hangup_action is 'transfer'.")] string? AgentHangupTransferDst,
    [property: Description("Default true.")] bool? AgentReportWaitTime,
    [property: Description("Seconds; 0 = no periodic announcement.")] int? AnnounceFrequency,
    long? AnnounceSound,
    string? AppendToCidNameOnTransfer,
    [property: Description("One of 0-9, * or #.")] string? ExitKey,
    string? ExitTransferDst,
    [property: Description("Default true.")] bool? ExitWithNoAvAgents,
    [property: Description("Seconds; 0 = unlimited.")] int? MaxWaitTime,
    [property: Description("Seconds; 0 = off.")] int? MaxWaitTimeWithNoAgent,
    string? NoAgentTimeoutTransferDst,
    [property: Description("Seconds; 0 = off.")] int? PositionAnnounceFrequency,
    long? QualityRateFinishSound,
    [property: Description("0, or 1-9.")] int? QualityRateMax,
    long? QualityRateSound,
    [property: Description("Default true.")] bool? RecordEnabled,
    [property: Description("Default true.")] bool? SkipBusyAgents,
    [property: Description("Hold music sound id; null = the gateway's default music.")] long? Sound,
    [property: Description("'music' (default) or 'ring'; 'ring' resets sound to null.")] string? SoundType,
    long? StartSound,
    [property: Description("ring-all, longest-idle-agent, round-robin (default), top-down, agent-with-least-talk-time, agent-with-fewest-calls, sequentially-by-agent-order or random.")] string? Strategy,
    [property: Description("Default true.")] bool? TierRuleWaitMultiplyLevel,
    int? TierRuleWaitSecond,
    [property: Description("Default true.")] bool? TierRulesApply,
    string? TimeoutTransferDst,
    [property: Description("Seconds, 0-2592000; 0 = off.")] int? TrySameAgentTime,
    [property: Description("Default true.")] bool? VmAttachFile,
    [property: Description("Default true.")] bool? VmEnabled,
    long? VmGreeting,
    [property: Description("An e-mail address.")] string? VmMailto);

[Description("Current callers of a queue (QUEUE-SPEC §1.2).")]
public sealed record QueueStatusResponse(long AnsweredMembers, long TryingMembers, long WaitingMembers);

[Description("A local agent: rings a phone extension of the same client (QUEUE-SPEC §1.3).")]
public sealed record LocalAgentDoc(
    [property: Description("Read-only; assigned.")] long? Id,
    [property: Description("Required.")] string? Name,
    [property: Description("A phone extension of the same client; required on POST.")] long? ExtensionId,
    [property: Description("'available' (default) or 'logged_out'.")] string? Status,
    [property: Description("Seconds the agent is rung; 0 = the engine default.")] int? CallTimeout,
    int? WrapUpTime,
    int? BusyDelayTime,
    int? NoAnswerDelayTime,
    int? RejectDelayTime,
    string? ExtraParams,
    long? AgentSoundId);

[Description("A remote agent: rings an external number (QUEUE-SPEC §1.3).")]
public sealed record RemoteAgentDoc(
    [property: Description("Read-only; assigned.")] long? Id,
    [property: Description("Required on POST.")] string? Name,
    [property: Description("'+' then digits, or digits, * and #; 1-32 characters; required on POST.")] string? Number,
    [property: Description("'available' (default) or 'logged_out'.")] string? Status,
    [property: Description("Seconds the agent is rung; 0 = the engine default.")] int? CallTimeout,
    int? WrapUpTime,
    int? BusyDelayTime,
    int? NoAnswerDelayTime,
    int? RejectDelayTime,
    string? ExtraParams,
    long? AgentSoundId);

[Description("An agent's place in a queue (QUEUE-SPEC §1.4).")]
public sealed record MembershipDoc(
    [property: Description("Required on POST; read-only on PUT.")] long? AgentId,
    [property: Description("Default 0; lower levels are tried first.")] int? Level,
    [property: Description("Default 0.")] int? Position);

[Description("Create an extension (QUEUE-SPEC §1.5).")]
public sealed record ExtensionCreateDoc(
    [property: Description("Required; unique within the client.")] string Name,
    string? Label,
    [property: Description("'phone' or 'queue'; required. A queue extension gets a queue with default settings.")] string Type,
    string? CallerIdName,
    string? ExtraParams);

[Description("Change an extension: name, label, caller_id_name, extra_params (partial update; the type cannot change).")]
public sealed record ExtensionUpdateDoc(string? Name, string? Label, string? CallerIdName, string? ExtraParams);

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
public sealed record ClientCreateDoc([property: Description("Required.")] string Name);

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
public sealed record SoundUploadDoc(
    [property: Description("The WAV file.")] IFormFile File,
    [property: Description("Optional; defaults to the file's name.")] string? Name);
