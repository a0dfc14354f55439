using System.Text.Json;
using QueueEngine.Domain;

namespace QueueEngine.Host.Storage;

/// <summary>
/// Queue and agent settings are stored as the API's own JSON (the shared validators' mapping), so
/// the stored form and the wire form cannot drift apart.
/// </summary>
internal static class SettingsJson
{
    public static string Write(QueueSettings settings) => QueueSettingsValidator.ToJson(settings).ToJsonString();

    public static QueueSettings ReadQueue(string json)
    {
        using var doc = JsonDocument.Parse(json);
        // Stored settings were validated when written; their sounds are protected from deletion.
        var result = QueueSettingsValidator.Parse(doc.RootElement, _ => true);
        return result.IsValid ? result.Value : throw Corrupt("queue settings", result.Errors);
    }

    public static string Write(AgentKey key, AgentSettings settings)
    {
        var json = AgentSettingsValidator.ToJson(key, settings);
        json.Remove("id"); // the row's id; the body itself has no id
        return json.ToJsonString();
    }

    public static AgentSettings ReadAgent(AgentKind kind, string json)
    {
        using var doc = JsonDocument.Parse(json);
        // An update from empty settings: a remote agent's name may have been cleared by a PUT.
        var result = AgentSettingsValidator.Update(kind, new AgentSettings(), doc.RootElement, _ => true, _ => true);
        return result.IsValid ? result.Value : throw Corrupt("agent settings", result.Errors);
    }

    private static InvalidDataException Corrupt(string what, IReadOnlyDictionary<string, string[]> errors) =>
        new($"Stored {what} are invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
}
