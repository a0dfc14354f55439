using System.Globalization;
using System.Text.Json.Nodes;

namespace QueueEngine.Events;

/// <summary>
/// The JSON form of the §5 events for subscribers: <c>event</c> (the name), <c>time</c>
/// (ISO 8601, UTC), <c>extension_id</c>, <c>call_id</c> and the other ids that apply.
/// </summary>
public static class EventWire
{
    public static JsonObject ToJson(EngineEvent e)
    {
        var o = new JsonObject
        {
            ["event"] = e.Name,
            ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (e is CallEvent c)
        {
            o["extension_id"] = c.ExtensionId;
            o["call_id"] = c.CallId;
        }
        switch (e)
        {
            case DialIn d:
                o["caller_number"] = d.CallerNumber;
                o["caller_name"] = d.CallerName;
                break;
            case Offer x:
                o["leg_id"] = x.LegId;
                AddAgent(o, x.Agent);
                break;
            case OfferFailed x:
                o["leg_id"] = x.LegId;
                AddAgent(o, x.Agent);
                o["reason"] = x.Reason.ToWire();
                break;
            case Answer x:
                o["leg_id"] = x.LegId;
                AddAgent(o, x.Agent);
                o["wait_seconds"] = x.WaitSeconds;
                break;
            case CallerHangup x:
                o["reason"] = x.Reason.ToWire();
                o["action"] = x.Action.ToWire();
                o["wait_seconds"] = x.WaitSeconds;
                if (x.Agent is { } agent) AddAgent(o, agent);
                o["talk_seconds"] = x.TalkSeconds;
                break;
            case QualityRate x:
                AddAgent(o, x.Agent);
                o["rating"] = x.Rating;
                break;
            case AgentLogin x:
                AddAgent(o, x.Agent);
                break;
            case AgentLogout x:
                AddAgent(o, x.Agent);
                break;
            case QueueStatusChanged x:
                o["extension_id"] = x.ExtensionId;
                o["answered_members"] = x.Answered;
                o["trying_members"] = x.Trying;
                o["waiting_members"] = x.Waiting;
                break;
        }
        return o;
    }

    private static void AddAgent(JsonObject o, Domain.AgentKey agent)
    {
        o["agent_kind"] = agent.Kind == Domain.AgentKind.Local ? "local" : "remote";
        o["agent_id"] = agent.Id;
    }
}
