using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QueueEngine.Domain;

/// <summary>
/// Validates and applies queue settings bodies (QUEUE-SPEC §1.1), shared by the REST API and the
/// simulator's scenario file, and maps settings back to their JSON form.
/// </summary>
public static class QueueSettingsValidator
{
    private static readonly QueueSettings D = QueueSettings.Default;

    /// <summary>
    /// Applies a partial update: absent fields keep their value, <c>null</c> resets a field to its
    /// default. Every bad field is reported; when anything is wrong no settings are returned.
    /// </summary>
    /// <param name="soundExists">Whether a sound id (never 0) names a sound of the queue's client.</param>
    public static ValidationResult<QueueSettings> Apply(QueueSettings current, JsonElement patch, Func<long, bool> soundExists)
    {
        var errors = new ValidationErrors();
        var s = current;
        JsonField? soundField = null;
        foreach (var f in JsonBody.Fields(patch, errors))
        {
            switch (f.Name)
            {
                case "agent_announce_sound": s = s with { AgentAnnounceSound = f.SoundId(soundExists) }; break;
                case "agent_hangup_action": s = s with { AgentHangupAction = f.OptionalWire(AgentHangupActionNames.Map) }; break;
                case "agent_hangup_transfer_dst": s = s with { AgentHangupTransferDst = Destination(f) }; break;
                case "agent_report_wait_time": s = s with { AgentReportWaitTime = f.Bool(D.AgentReportWaitTime) }; break;
                case "announce_frequency": s = s with { AnnounceFrequency = f.Seconds(D.AnnounceFrequency) }; break;
                case "announce_sound": s = s with { AnnounceSound = f.SoundId(soundExists) }; break;
                case "append_to_cid_name_on_transfer": s = s with { AppendToCidNameOnTransfer = f.String() }; break;
                case "exit_key": s = s with { ExitKey = ExitKey(f) }; break;
                case "exit_transfer_dst": s = s with { ExitTransferDst = Destination(f) }; break;
                case "exit_with_no_av_agents": s = s with { ExitWithNoAvAgents = f.Bool(D.ExitWithNoAvAgents) }; break;
                case "max_wait_time": s = s with { MaxWaitTime = f.Seconds(D.MaxWaitTime) }; break;
                case "max_wait_time_with_no_agent": s = s with { MaxWaitTimeWithNoAgent = f.Seconds(D.MaxWaitTimeWithNoAgent) }; break;
                case "no_agent_timeout_transfer_dst": s = s with { NoAgentTimeoutTransferDst = Destination(f) }; break;
                case "position_announce_frequency": s = s with { PositionAnnounceFrequency = f.Seconds(D.PositionAnnounceFrequency) }; break;
                case "quality_rate_finish_sound": s = s with { QualityRateFinishSound = f.SoundId(soundExists) }; break;
                case "quality_rate_max": s = s with { QualityRateMax = f.Int(D.QualityRateMax, 0, 9) }; break;
                case "quality_rate_sound": s = s with { QualityRateSound = f.SoundId(soundExists) }; break;
                case "record_enabled": s = s with { RecordEnabled = f.Bool(D.RecordEnabled) }; break;
                case "skip_busy_agents": s = s with { SkipBusyAgents = f.Bool(D.SkipBusyAgents) }; break;
                case "sound": soundField = f; break; // applied below, once sound_type is known
                case "sound_type": s = s with { SoundType = f.Wire(SoundTypeNames.Map, D.SoundType) }; break;
                case "start_sound": s = s with { StartSound = f.SoundId(soundExists) }; break;
                case "strategy": s = s with { Strategy = f.Wire(StrategyNames.Map, D.Strategy) }; break;
                case "tier_rule_wait_multiply_level": s = s with { TierRuleWaitMultiplyLevel = f.Bool(D.TierRuleWaitMultiplyLevel) }; break;
                case "tier_rule_wait_second": s = s with { TierRuleWaitSecond = f.Seconds(D.TierRuleWaitSecond) }; break;
                case "tier_rules_apply": s = s with { TierRulesApply = f.Bool(D.TierRulesApply) }; break;
                case "timeout_transfer_dst": s = s with { TimeoutTransferDst = Destination(f) }; break;
                case "try_same_agent_time": s = s with { TrySameAgentTime = f.Seconds(D.TrySameAgentTime) }; break;
                case "vm_attach_file": s = s with { VmAttachFile = f.Bool(D.VmAttachFile) }; break;
                case "vm_enabled": s = s with { VmEnabled = f.Bool(D.VmEnabled) }; break;
                case "vm_greeting": s = s with { VmGreeting = f.SoundId(soundExists) }; break;
                case "vm_mailto": s = s with { VmMailto = Email(f) }; break;
                default: f.Error("unknown field"); break;
            }
        }

        // A ring-back tone has no hold music, so with sound_type `ring` the sound is always null and
        // a sound given in the same request is ignored (not even looked at). Keeping this as an
        // invariant also covers a sound sent later to a queue that is already `ring`.
        if (s.SoundType == SoundType.Ring && !errors.Has("sound_type"))
            s = s with { Sound = null };
        else if (soundField is { } sound)
            s = s with { Sound = sound.SoundId(soundExists) };

        // Checked on the merged settings, so an action set earlier still needs its destination.
        if (s.AgentHangupAction == AgentHangupAction.Transfer && s.AgentHangupTransferDst is null
            && !errors.Has("agent_hangup_action") && !errors.Has("agent_hangup_transfer_dst"))
            errors.Add("agent_hangup_transfer_dst", "is required when agent_hangup_action is transfer");

        return errors.ToResult(s);
    }

    /// <summary>Reads a complete settings object (e.g. from a scenario file): absent fields take their default.</summary>
    public static ValidationResult<QueueSettings> Parse(JsonElement body, Func<long, bool> soundExists) =>
        Apply(QueueSettings.Default, body, soundExists);

    /// <summary>All 32 fields in snake_case, nulls included, enums as their wire names.</summary>
    public static JsonObject ToJson(QueueSettings s) => new()
    {
        ["agent_announce_sound"] = s.AgentAnnounceSound,
        ["agent_hangup_action"] = s.AgentHangupAction is { } action ? AgentHangupActionNames.ToWire(action) : null,
        ["agent_hangup_transfer_dst"] = s.AgentHangupTransferDst,
        ["agent_report_wait_time"] = s.AgentReportWaitTime,
        ["announce_frequency"] = s.AnnounceFrequency,
        ["announce_sound"] = s.AnnounceSound,
        ["append_to_cid_name_on_transfer"] = s.AppendToCidNameOnTransfer,
        ["exit_key"] = s.ExitKey,
        ["exit_transfer_dst"] = s.ExitTransferDst,
        ["exit_with_no_av_agents"] = s.ExitWithNoAvAgents,
        ["max_wait_time"] = s.MaxWaitTime,
        ["max_wait_time_with_no_agent"] = s.MaxWaitTimeWithNoAgent,
        ["no_agent_timeout_transfer_dst"] = s.NoAgentTimeoutTransferDst,
        ["position_announce_frequency"] = s.PositionAnnounceFrequency,
        ["quality_rate_finish_sound"] = s.QualityRateFinishSound,
        ["quality_rate_max"] = s.QualityRateMax,
        ["quality_rate_sound"] = s.QualityRateSound,
        ["record_enabled"] = s.RecordEnabled,
        ["skip_busy_agents"] = s.SkipBusyAgents,
        ["sound"] = s.Sound,
        ["sound_type"] = SoundTypeNames.ToWire(s.SoundType),
        ["start_sound"] = s.StartSound,
        ["strategy"] = StrategyNames.ToWire(s.Strategy),
        ["tier_rule_wait_multiply_level"] = s.TierRuleWaitMultiplyLevel,
        ["tier_rule_wait_second"] = s.TierRuleWaitSecond,
        ["tier_rules_apply"] = s.TierRulesApply,
        ["timeout_transfer_dst"] = s.TimeoutTransferDst,
        ["try_same_agent_time"] = s.TrySameAgentTime,
        ["vm_attach_file"] = s.VmAttachFile,
        ["vm_enabled"] = s.VmEnabled,
        ["vm_greeting"] = s.VmGreeting,
        ["vm_mailto"] = s.VmMailto,
    };

    /// <summary>A transfer target: a non-blank string (null clears it).</summary>
    private static string? Destination(JsonField f) => f.String(allowBlank: false);

    private static string? ExitKey(JsonField f)
    {
        var key = f.String();
        if (key is null || (key.Length == 1 && (char.IsAsciiDigit(key[0]) || key[0] is '*' or '#'))) return key;
        f.Error("must be one of 0-9, * or #");
        return null;
    }

    /// <summary>
    /// A single plain address such as <c>ops@example.com</c>: MailAddress also accepts display
    /// names ("Ops &lt;ops@example.com&gt;"), so the parsed address must be the whole text.
    /// </summary>
    private static string? Email(JsonField f)
    {
        var text = f.String();
        if (text is null) return null;
        if (MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.')
            && !address.Host.EndsWith('.'))
            return text;
        f.Error("must be an e-mail address");
        return null;
    }
}
