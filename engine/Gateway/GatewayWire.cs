using System.Text.Json;
using System.Text.Json.Nodes;
using QueueEngine.Domain;

namespace QueueEngine.Gateway;

/// <summary>
/// The JSON wire format of the gateway protocol (QUEUE-SPEC §6): events in as objects whose
/// <c>event</c> names them, commands out as objects that carry their name in <c>command</c>.
/// Unknown extra fields in an event are ignored (gateways may add their own); missing or malformed
/// required fields are errors that name the field.
/// </summary>
public static class GatewayWire
{
    public const int MaxIdLength = 128;

    /// <summary>Parses one event; on failure <paramref name="error"/> names the field and the problem.</summary>
    public static bool TryParseEvent(JsonElement json, out IGatewayEvent? gatewayEvent, out string? error)
    {
        gatewayEvent = null;
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "event: must be a JSON object";
            return false;
        }
        var reader = new FieldReader(json);
        var name = reader.Id("event");
        gatewayEvent = name switch
        {
            null => null,
            "call.entered" => new CallEntered(reader.Id("call_id")!, reader.PositiveLong("extension_id"),
                reader.OptionalString("caller_number") ?? "", reader.OptionalString("caller_name")),
            "call.dtmf" => new CallDtmf(reader.Id("call_id")!, reader.Digit("digit")!),
            "call.hangup" => new CallHangup(reader.Id("call_id")!),
            "playback.finished" => new PlaybackFinished(reader.Id("call_id")!, reader.Id("playback_id")!),
            "leg.answered" => Leg(reader, LegEventKind.Answered),
            "leg.busy" => Leg(reader, LegEventKind.Busy),
            "leg.rejected" => Leg(reader, LegEventKind.Rejected),
            "leg.no_answer" => Leg(reader, LegEventKind.NoAnswer),
            "leg.failed" => Leg(reader, LegEventKind.Failed),
            "leg.hangup" => Leg(reader, LegEventKind.Hangup),
            "digits.collected" => new DigitsCollected(reader.Id("call_id")!, reader.Id("request_id")!, reader.Digits("digits")!),
            "agent.external_call_started" => new AgentExternalCall(reader.Agent(), true),
            "agent.external_call_ended" => new AgentExternalCall(reader.Agent(), false),
            _ => reader.Fail<IGatewayEvent>("event", $"unknown event '{name}'"),
        };
        if (reader.Error is not null)
        {
            gatewayEvent = null;
            error = reader.Error;
            return false;
        }
        return true;
    }

    private static LegEvent Leg(FieldReader r, LegEventKind kind) => new(r.Id("call_id")!, r.Id("leg_id")!, kind);

    /// <summary>A command as the JSON object of one server-sent event's <c>data:</c>.</summary>
    public static JsonObject ToJson(IGatewayCommand command)
    {
        var o = new JsonObject { ["command"] = command.Name, ["call_id"] = command.CallId };
        switch (command)
        {
            case Play p:
                o["playback_id"] = p.PlaybackId;
                if (p.SoundId is { } sound) o["sound_id"] = sound;
                if (p.Tone is { } tone) o["tone"] = tone;
                o["to"] = p.To switch { PlayTarget.Agent => "agent", PlayTarget.Both => "both", _ => "caller" };
                o["loop"] = p.Loop;
                break;
            case SayPosition s:
                o["position"] = s.Position;
                break;
            case SayNumber s:
                o["leg_id"] = s.LegId;
                o["number"] = s.Number;
                break;
            case Ring r:
                o["leg_id"] = r.LegId;
                o["agent_kind"] = r.AgentKind == AgentKind.Local ? "local" : "remote";
                o["agent_id"] = r.AgentId;
                if (r.ExtensionId is { } ext) o["extension_id"] = ext;
                if (r.Number is { } number) o["number"] = number;
                o["timeout_seconds"] = r.TimeoutSeconds;
                o["caller_number"] = r.CallerNumber;
                o["caller_name"] = r.CallerName;
                o["extra_params"] = r.ExtraParams;
                break;
            case CancelRing c:
                o["leg_id"] = c.LegId;
                break;
            case Bridge b:
                o["leg_id"] = b.LegId;
                break;
            case Record r:
                o["leg_id"] = r.LegId;
                break;
            case Transfer t:
                o["destination"] = t.Destination;
                o["caller_name"] = t.CallerName;
                break;
            case Voicemail v:
                o["greeting_sound_id"] = v.GreetingSoundId;
                o["mailto"] = v.Mailto;
                o["attach_file"] = v.AttachFile;
                break;
            case CollectDigits c:
                o["request_id"] = c.RequestId;
                o["prompt_sound_id"] = c.PromptSoundId;
                o["max_digit"] = c.MaxDigit;
                o["timeout_seconds"] = c.TimeoutSeconds;
                break;
        }
        return o;
    }

    /// <summary>Reads fields and keeps the first error (each event has a handful of fields).</summary>
    private sealed class FieldReader(JsonElement json)
    {
        public string? Error { get; private set; }

        public T? Fail<T>(string field, string message)
        {
            Error ??= $"{field}: {message}";
            return default;
        }

        private JsonElement? Get(string field) =>
            json.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public string? Id(string field)
        {
            if (Get(field) is not { } v) return Fail<string>(field, "is required");
            if (v.ValueKind != JsonValueKind.String) return Fail<string>(field, "must be a string");
            var s = v.GetString()!;
            if (s.Length == 0 || s.Length > MaxIdLength || s.Any(char.IsControl))
                return Fail<string>(field, $"must be 1 to {MaxIdLength} printable characters");
            return s;
        }

        public string? OptionalString(string field)
        {
            if (Get(field) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.String) return Fail<string>(field, "must be a string");
            var s = v.GetString()!;
            return s.Length > 255 ? Fail<string>(field, "must be at most 255 characters") : s;
        }

        public long PositiveLong(string field)
        {
            if (Get(field) is not { } v) return Fail<long>(field, "is required");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n <= 0)
                return Fail<long>(field, "must be a positive whole number");
            return n;
        }

        /// <summary>One DTMF key: 0–9, * or #.</summary>
        public string? Digit(string field)
        {
            var s = Id(field);
            if (s is null) return null;
            return s.Length == 1 && IsDtmf(s[0]) ? s : Fail<string>(field, "must be one of 0-9, * and #");
        }

        /// <summary>Collected keys: may be empty (nothing pressed before the timeout).</summary>
        public string? Digits(string field)
        {
            if (Get(field) is not { } v) return Fail<string>(field, "is required");
            if (v.ValueKind != JsonValueKind.String) return Fail<string>(field, "must be a string");
            var s = v.GetString()!;
            return s.Length <= 32 && s.All(IsDtmf) ? s : Fail<string>(field, "must be up to 32 of 0-9, * and #");
        }

        public AgentKey Agent()
        {
            var kind = Id("agent_kind");
            var id = PositiveLong("agent_id");
            return kind switch
            {
                null => default,
                "local" => AgentKey.Local(id),
                "remote" => AgentKey.Remote(id),
                _ => Fail<AgentKey>("agent_kind", "must be local or remote"),
            };
        }

        private static bool IsDtmf(char c) => c is >= '0' and <= '9' or '*' or '#';
    }
}
