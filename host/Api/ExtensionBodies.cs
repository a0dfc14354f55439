using System.Text.Json;
using QueueEngine.Domain;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// Extension bodies (QUEUE-SPEC §1.5): POST <c>{name, label, type, caller_id_name, extra_params}</c>,
/// PUT the same without <c>type</c>. Read with the same field rules as the shared validators.
/// </summary>
internal static class ExtensionBodies
{
    public const int MaxNameLength = 64;

    /// <summary>Fields of the answer that a body may not set.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "id", "client_id", "status", "domain", "create_date", "dial_rule_limit", "extension_group_id",
        "message_did", "dial_rule_id", "ani_rfc3325", "did_as_transfer_caller_id",
    };

    public static ValidationResult<ExtensionRecord> Create(long clientId, string createDate, JsonElement body) =>
        Apply(new ExtensionRecord(0, clientId, null!, null, null!, null, null, createDate), body, creating: true);

    public static ValidationResult<ExtensionRecord> Update(ExtensionRecord current, JsonElement body) =>
        Apply(current, body, creating: false);

    private static ValidationResult<ExtensionRecord> Apply(ExtensionRecord e, JsonElement body, bool creating)
    {
        var errors = new ValidationErrors();
        foreach (var f in JsonBody.Fields(body, errors))
        {
            switch (f.Name)
            {
                case "name": e = e with { Name = f.String(MaxNameLength, allowBlank: false)! }; break;
                case "label": e = e with { Label = f.String() }; break;
                case "type" when creating: e = e with { Type = Type(f)! }; break;
                case "type": f.Error("cannot be changed; delete the extension and create another"); break;
                case "caller_id_name": e = e with { CallerIdName = f.String() }; break;
                case "extra_params": e = e with { ExtraParams = f.String(AgentSettingsValidator.MaxExtraParamsLength) }; break;
                default: f.Error(ReadOnly.Contains(f.Name) ? "is read-only" : "unknown field"); break;
            }
        }
        if (e.Name is null && !errors.Has("name")) errors.Add("name", "is required");
        if (e.Type is null && !errors.Has("type")) errors.Add("type", "is required");
        return errors.ToResult(e);
    }

    private static string? Type(JsonField f)
    {
        var type = f.String();
        if (type is ExtensionTypes.Phone or ExtensionTypes.Queue) return type;
        f.Error("must be one of: phone, queue");
        return null;
    }
}
