using System.Text.Json;
using System.Text.Json.Nodes;

namespace QueueEngine.Tests.Domain;

internal static class TestJson
{
    public static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    public static JsonElement Of(JsonNode node) => JsonSerializer.SerializeToElement(node);

    /// <summary>A one-field object body, the value given as JSON text.</summary>
    public static JsonElement Field(string name, string jsonValue) => Parse($$"""{"{{name}}": {{jsonValue}}}""");
}
