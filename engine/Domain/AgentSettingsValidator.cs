using System.Text.Json;
using System.Text.Json.Nodes;

namespace QueueEngine.Domain;

/// <summary>
/// Validates agent bodies (QUEUE-SPEC §1.3) for POST (create) and PUT (partial update), and maps
/// agents back to their JSON form.
/// </summary>
public static class AgentSettingsValidator
{
    public const int MaxNumberLength = 32;

    /// <summary>extra_params is opaque gateway data, so it gets more room than a name.</summary>
    public const int MaxExtraParamsLength = 1024;

    private static readonly AgentSettings D = new();

    /// <summary>
    /// Validates a POST body. <c>name</c> is required, plus <c>extension_id</c> for a local agent
    /// or <c>number</c> for a remote one.
    /// </summary>
    /// <param name="isPhoneExtension">Whether an id names a <c>phone</c> extension of the agent's client.</param>
    /// <param name="soundExists">Whether a sound id (never 0) names a sound of the agent's client.</param>
    public static ValidationResult<AgentSettings> Create(
        AgentKind kind, JsonElement body, Func<long, bool> isPhoneExtension, Func<long, bool> soundExists) =>
        Apply(kind, D, body, creating: true, isPhoneExtension, soundExists);

    /// <summary>
    /// Applies a PUT body as a partial update: absent fields keep their value, <c>null</c> resets a
    /// field to its default, except for fields the agent cannot be without (an error).
    /// </summary>
    public static ValidationResult<AgentSettings> Update(
        AgentKind kind, AgentSettings current, JsonElement patch, Func<long, bool> isPhoneExtension, Func<long, bool> soundExists) =>
        Apply(kind, current, patch, creating: false, isPhoneExtension, soundExists);

    /// <summary>The agent's fields in snake_case, with <c>extension_id</c> (local) or <c>number</c> (remote).</summary>
    public static JsonObject ToJson(AgentKey key, AgentSettings s)
    {
        var json = new JsonObject
        {
            ["id"] = key.Id,
            ["name"] = s.Name,
            ["status"] = AgentStatusNames.ToWire(s.Status),
            ["call_timeout"] = s.CallTimeout,
            ["wrap_up_time"] = s.WrapUpTime,
            ["busy_delay_time"] = s.BusyDelayTime,
            ["no_answer_delay_time"] = s.NoAnswerDelayTime,
            ["reject_delay_time"] = s.RejectDelayTime,
            ["extra_params"] = s.ExtraParams,
            ["agent_sound_id"] = s.AgentSoundId,
        };
        if (key.Kind == AgentKind.Local) json["extension_id"] = s.ExtensionId;
        else json["number"] = s.Number;
        return json;
    }

    private static ValidationResult<AgentSettings> Apply(
        AgentKind kind, AgentSettings current, JsonElement body, bool creating,
        Func<long, bool> isPhoneExtension, Func<long, bool> soundExists)
    {
        var errors = new ValidationErrors();
        var local = kind == AgentKind.Local;
        var s = current;
        foreach (var f in JsonBody.Fields(body, errors))
        {
            switch (f.Name)
            {
                // Rejected rather than ignored when equal: the id comes from the URL (or is assigned),
                // and one clear rule is easier on clients than "allowed if it happens to match".
                case "id": f.Error("is read-only"); break;
                case "name": s = s with { Name = f.String(allowBlank: false) }; break;
                case "extension_id" when local: s = s with { ExtensionId = PhoneExtension(f, isPhoneExtension) }; break;
                case "extension_id": f.Error("is only for local agents"); break;
                case "number" when !local: s = s with { Number = Number(f) }; break;
                case "number": f.Error("is only for remote agents"); break;
                case "status": s = s with { Status = f.Wire(AgentStatusNames.Map, D.Status) }; break;
                case "call_timeout": s = s with { CallTimeout = f.Seconds(D.CallTimeout) }; break;
                case "wrap_up_time": s = s with { WrapUpTime = f.Seconds(D.WrapUpTime) }; break;
                case "busy_delay_time": s = s with { BusyDelayTime = f.Seconds(D.BusyDelayTime) }; break;
                case "no_answer_delay_time": s = s with { NoAnswerDelayTime = f.Seconds(D.NoAnswerDelayTime) }; break;
                case "reject_delay_time": s = s with { RejectDelayTime = f.Seconds(D.RejectDelayTime) }; break;
                case "extra_params": s = s with { ExtraParams = f.String(MaxExtraParamsLength) }; break;
                case "agent_sound_id": s = s with { AgentSoundId = f.SoundId(soundExists) }; break;
                default: f.Error("unknown field"); break;
            }
        }

        // Checked on the merged result: covers a field missing from a POST and a null in a PUT alike.
        // A remote agent's name may be cleared by a PUT (QUEUE-SPEC §1.3 only requires it on POST).
        if ((creating || local) && s.Name is null) RequireMissing(errors, "name");
        if (local && s.ExtensionId is null) RequireMissing(errors, "extension_id");
        if (!local && s.Number is null) RequireMissing(errors, "number");

        return errors.ToResult(s);
    }

    private static void RequireMissing(ValidationErrors errors, string field)
    {
        if (!errors.Has(field)) errors.Add(field, "is required");
    }

    private static long? PhoneExtension(JsonField f, Func<long, bool> isPhoneExtension)
    {
        var id = f.Id();
        if (id is not { } extension || isPhoneExtension(extension)) return id;
        f.Error($"extension {extension} is not a phone extension of this client");
        return null;
    }

    /// <summary>A dialable number: <c>+</c> then digits, or digits, <c>*</c> and <c>#</c>; 1–32 characters.</summary>
    private static string? Number(JsonField f)
    {
        var number = f.String(MaxNumberLength, allowBlank: false);
        if (number is null) return null;
        var valid = number[0] == '+'
            ? number.Length > 1 && !number.AsSpan(1).ContainsAnyExcept("0123456789")
            : !number.AsSpan().ContainsAnyExcept("0123456789*#");
        if (valid) return number;
        f.Error("must be + then digits, or digits, * and #");
        return null;
    }
}
