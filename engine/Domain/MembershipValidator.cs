using System.Text.Json;
using System.Text.Json.Nodes;

namespace QueueEngine.Domain;

/// <summary>
/// Validates queue membership bodies (QUEUE-SPEC §1.4): POST <c>{agent_id, level, position}</c>
/// and PUT <c>{level, position}</c>. Whether the agent exists and belongs to the queue's client is
/// the caller's check.
/// </summary>
public static class MembershipValidator
{
    /// <summary>
    /// Validates a POST body. The agent kind comes from the URL (<c>…/local/</c> or <c>…/remote/</c>);
    /// <c>agent_id</c> is required, <c>level</c> and <c>position</c> default to 0.
    /// </summary>
    public static ValidationResult<Membership> Create(AgentKind kind, JsonElement body)
    {
        var errors = new ValidationErrors();
        long? agentId = null;
        int level = 0, position = 0;
        foreach (var f in JsonBody.Fields(body, errors))
        {
            switch (f.Name)
            {
                case "agent_id": agentId = f.Id(); break;
                case "level": level = Rank(f); break;
                case "position": position = Rank(f); break;
                default: f.Error("unknown field"); break;
            }
        }
        if (agentId is null && !errors.Has("agent_id")) errors.Add("agent_id", "is required");
        return errors.ToResult(new Membership(new AgentKey(kind, agentId ?? 0), level, position));
    }

    /// <summary>Applies a PUT body: absent keeps, <c>null</c> resets to 0. The agent cannot be changed.</summary>
    public static ValidationResult<Membership> Update(Membership current, JsonElement patch)
    {
        var errors = new ValidationErrors();
        var m = current;
        foreach (var f in JsonBody.Fields(patch, errors))
        {
            switch (f.Name)
            {
                case "agent_id": f.Error("is read-only"); break; // the agent is named by the URL
                case "level": m = m with { Level = Rank(f) }; break;
                case "position": m = m with { Position = Rank(f) }; break;
                default: f.Error("unknown field"); break;
            }
        }
        return errors.ToResult(m);
    }

    public static JsonObject ToJson(Membership m) => new()
    {
        ["agent_id"] = m.Agent.Id,
        ["level"] = m.Level,
        ["position"] = m.Position,
    };

    /// <summary>level and position: whole numbers from 0 to int.MaxValue, default 0.</summary>
    private static int Rank(JsonField f) => f.Int(0, 0, int.MaxValue);
}
