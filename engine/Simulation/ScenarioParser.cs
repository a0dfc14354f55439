using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QueueEngine.Domain;

namespace QueueEngine.Simulation;

/// <summary>One problem in a scenario file, at a JSON path such as <c>$.queues[0].settings.strategy</c>.</summary>
public sealed record ScenarioError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A scenario that cannot be run; <see cref="Errors"/> names every problem found.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception($"The scenario is not valid:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => "  " + e))}")
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}

/// <summary>
/// Reads a scenario (QUEUE-SPEC §7). Every problem is collected with the JSON path of the value at
/// fault; nothing is run when there is any. Queue and agent <c>settings</c> go through the same
/// validators as the REST API (<see cref="QueueSettingsValidator"/>, <see cref="AgentSettingsValidator"/>).
/// </summary>
public static class ScenarioParser
{
    /// <summary>Longest run: 30 days, the upper bound of every seconds field of the API.</summary>
    public const int MaxDurationSeconds = 2_592_000;

    /// <summary>Most agents in one scenario (a safety net against a typo in a count).</summary>
    public const int MaxAgents = 100_000;

    public static Scenario ParseFile(string path) => Parse(File.ReadAllText(path));

    /// <exception cref="ScenarioException">The text is not JSON or not a valid scenario.</exception>
    public static Scenario Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new ScenarioException([new ScenarioError("$", $"not valid JSON{where}")]);
        }
        using (doc)
        {
            var reader = new Reader();
            var scenario = reader.Scenario(doc.RootElement);
            if (reader.Errors.Count > 0 || scenario is null) throw new ScenarioException(reader.Errors);
            return scenario;
        }
    }

    private sealed class Reader
    {
        public readonly List<ScenarioError> Errors = new();

        private void Error(string path, string message) => Errors.Add(new ScenarioError(path, message));

        // ------------------------------------------------------------ scenario

        public Scenario? Scenario(JsonElement root)
        {
            var f = Fields(root, "$", "name", "seed", "duration_seconds", "service_level_seconds", "sounds", "queues", "agents");
            if (f is null) return null;
            var name = String(f, "name", "$") ?? "scenario";
            var seed = Whole(f, "seed", "$", long.MinValue, long.MaxValue) ?? 1;
            var duration = (int)(Whole(f, "duration_seconds", "$", 1, MaxDurationSeconds, required: true) ?? 0);
            var sl = (int)(Whole(f, "service_level_seconds", "$", 0, MaxDurationSeconds) ?? 20);

            var sounds = Array(f, "sounds", "$", required: false, Sound);
            var soundIds = new HashSet<long>();
            for (var i = 0; i < sounds.Count; i++)
                if (sounds[i] is { } s && !soundIds.Add(s.Id)) Error($"$.sounds[{i}].id", $"sound {s.Id} is listed more than once");

            var ctx = new Context(duration, soundIds);
            var queues = Array(f, "queues", "$", required: true, (e, p) => Queue(e, p, ctx));
            if (f.ContainsKey("queues") && queues.Count == 0 && f["queues"].ValueKind == JsonValueKind.Array) Error("$.queues", "must have at least one queue");
            var queueIds = new Dictionary<long, QueueSpec>();
            for (var i = 0; i < queues.Count; i++)
                if (queues[i] is { } q && !queueIds.TryAdd(q.Id, q)) Error($"$.queues[{i}].id", $"queue {q.Id} is listed more than once");

            var agents = Array(f, "agents", "$", required: true, (e, p) => AgentGroup(e, p, ctx));
            CheckAgentIds(agents);
            for (var i = 0; i < queues.Count; i++)
            {
                if (queues[i] is not { } q) continue;
                if (q.ExitKeyProbability > 0 && q.Settings.ExitKey is null)
                    Error($"$.queues[{i}].exit_key_probability", "is above 0 but the queue has no settings.exit_key");
            }
            if (Errors.Count > 0) return null;
            return new Scenario(name, seed, duration, sl, sounds.OfType<SoundSpec>().ToList(),
                queues.OfType<QueueSpec>().ToList(), agents.OfType<AgentGroupSpec>().ToList());
        }

        private sealed class Context(int duration, HashSet<long> sounds)
        {
            public int Duration { get; } = duration;
            public HashSet<long> Sounds { get; } = sounds;
            /// <summary>Ids of every queue given, valid or not, so one bad queue does not also fail its memberships.</summary>
            public HashSet<long> QueueIds { get; } = new();
        }

        private void CheckAgentIds(List<AgentGroupSpec?> groups)
        {
            // Agent ids must not overlap: the report names agents by id alone.
            var ranges = new List<(long From, long To, int Index)>();
            var total = 0L;
            for (var i = 0; i < groups.Count; i++)
                if (groups[i] is { } g)
                {
                    ranges.Add((g.Id, g.Id + g.Count - 1, i));
                    total += g.Count;
                }
            if (total > MaxAgents) Error("$.agents", $"has {total} agents; at most {MaxAgents} are allowed");
            ranges.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.Index.CompareTo(b.Index));
            for (var i = 1; i < ranges.Count; i++)
                if (ranges[i].From <= ranges[i - 1].To)
                    Error($"$.agents[{ranges[i].Index}].id",
                        $"agent ids {ranges[i].From}..{ranges[i].To} overlap those of $.agents[{ranges[i - 1].Index}] ({ranges[i - 1].From}..{ranges[i - 1].To})");
        }

        private SoundSpec? Sound(JsonElement e, string path)
        {
            var f = Fields(e, path, "id", "duration_seconds");
            if (f is null) return null;
            var id = Whole(f, "id", path, 1, long.MaxValue, required: true);
            var duration = Number(f, "duration_seconds", path, 0, MaxDurationSeconds, required: true);
            return id is { } i && duration is { } d ? new SoundSpec(i, d) : null;
        }

        // ------------------------------------------------------------ queues

        private QueueSpec? Queue(JsonElement e, string path, Context ctx)
        {
            var f = Fields(e, path, "id", "settings", "arrivals", "arrival_schedule", "caller_patience_seconds",
                "exit_key_probability", "repeat_caller_fraction");
            if (f is null) return null;
            var before = Errors.Count;
            var id = Whole(f, "id", path, 1, long.MaxValue, required: true);
            if (id is { } known) ctx.QueueIds.Add(known);

            var settings = QueueSettings.Default;
            if (f.TryGetValue("settings", out var s))
            {
                var result = QueueSettingsValidator.Parse(s, ctx.Sounds.Contains);
                if (result.IsValid) settings = result.Value;
                else AddValidation($"{path}.settings", result.Errors);
            }

            double rate = 0;
            if (Object(f, "arrivals", path, required: true) is { } arrivals)
            {
                var a = Fields(arrivals, $"{path}.arrivals", "calls_per_hour");
                if (a is not null) rate = Number(a, "calls_per_hour", $"{path}.arrivals", 0, double.MaxValue, required: true) ?? 0;
            }

            var schedule = Array(f, "arrival_schedule", path, required: false, (x, p) => Interval(x, p, ctx.Duration));
            var sorted = schedule.OfType<ArrivalInterval>().OrderBy(x => x.FromSecond).ToList();
            for (var i = 1; i < sorted.Count; i++)
                if (sorted[i].FromSecond < sorted[i - 1].ToSecond)
                    Error($"{path}.arrival_schedule",
                        $"intervals {sorted[i - 1].FromSecond}-{sorted[i - 1].ToSecond} and {sorted[i].FromSecond}-{sorted[i].ToSecond} overlap");

            var patience = Dist(f, "caller_patience_seconds", path, required: false);
            var exitKey = Number(f, "exit_key_probability", path, 0, 1) ?? 0;
            var repeat = Number(f, "repeat_caller_fraction", path, 0, 1) ?? 0;
            if (Errors.Count > before || id is null) return null;
            return new QueueSpec(id.Value, settings, rate, sorted, patience, exitKey, repeat);
        }

        private ArrivalInterval? Interval(JsonElement e, string path, int duration)
        {
            var f = Fields(e, path, "from_second", "to_second", "calls_per_hour");
            if (f is null) return null;
            var from = Whole(f, "from_second", path, 0, duration, required: true);
            var to = Whole(f, "to_second", path, 0, duration, required: true);
            var rate = Number(f, "calls_per_hour", path, 0, double.MaxValue, required: true);
            if (from is null || to is null || rate is null) return null;
            if (to <= from)
            {
                Error($"{path}.to_second", "must be greater than from_second");
                return null;
            }
            return new ArrivalInterval((int)from, (int)to, rate.Value);
        }

        // ------------------------------------------------------------ agents

        private AgentGroupSpec? AgentGroup(JsonElement e, string path, Context ctx)
        {
            var f = Fields(e, path, "id", "kind", "count", "settings", "memberships", "talk_seconds", "answer_seconds",
                "answer_probability", "busy_probability", "reject_probability", "shifts");
            if (f is null) return null;
            var before = Errors.Count;
            var id = Whole(f, "id", path, 1, long.MaxValue, required: true);
            var kind = AgentKind.Local;
            if (f.TryGetValue("kind", out var k))
            {
                switch (k.ValueKind == JsonValueKind.String ? k.GetString() : null)
                {
                    case "local": kind = AgentKind.Local; break;
                    case "remote": kind = AgentKind.Remote; break;
                    default: Error($"{path}.kind", "must be one of: local, remote"); break;
                }
            }
            var count = (int)(Whole(f, "count", path, 1, MaxAgents) ?? 1);
            if (id is { } first && first > long.MaxValue - count) Error($"{path}.count", "makes the agent ids overflow");

            var settings = AgentSettings(f, path, kind, id ?? 1, ctx);

            var memberships = Array(f, "memberships", path, required: false, (x, p) => Membership(x, p, ctx));
            var seen = new HashSet<long>();
            for (var i = 0; i < memberships.Count; i++)
                if (memberships[i] is { } m && !seen.Add(m.QueueId))
                    Error($"{path}.memberships[{i}].queue_id", $"the group is already a member of queue {m.QueueId}");

            var talk = Dist(f, "talk_seconds", path, required: true);
            var answer = Dist(f, "answer_seconds", path, required: false) ?? new Distribution.Fixed(0);
            var pAnswer = Number(f, "answer_probability", path, 0, 1) ?? 1;
            var pBusy = Number(f, "busy_probability", path, 0, 1) ?? 0;
            var pReject = Number(f, "reject_probability", path, 0, 1) ?? 0;
            if (pAnswer + pBusy + pReject > 1 + 1e-9)
                Error(path, $"answer_probability + busy_probability + reject_probability is {(pAnswer + pBusy + pReject).ToString("0.###", CultureInfo.InvariantCulture)}; it must be at most 1");

            var shifts = Array(f, "shifts", path, required: false, (x, p) => Shift(x, p, ctx.Duration));
            var sorted = shifts.OfType<ShiftSpec>().OrderBy(x => x.LoginSecond).ToList();
            for (var i = 1; i < sorted.Count; i++)
                if (sorted[i].LoginSecond < sorted[i - 1].LogoutSecond)
                    Error($"{path}.shifts", $"shifts {sorted[i - 1].LoginSecond}-{sorted[i - 1].LogoutSecond} and {sorted[i].LoginSecond}-{sorted[i].LogoutSecond} overlap");

            if (Errors.Count > before || id is null || settings is null || talk is null) return null;
            return new AgentGroupSpec(id.Value, kind, count, settings, memberships.OfType<MembershipSpec>().ToList(),
                talk, answer, pAnswer, pBusy, pReject, sorted);
        }

        /// <summary>
        /// The §1.3 fields through <see cref="AgentSettingsValidator"/>. <c>name</c>, <c>extension_id</c>
        /// and <c>number</c> are optional here (the simulator makes them up); <c>status</c> is the shifts' job.
        /// </summary>
        private AgentSettings? AgentSettings(Dictionary<string, JsonElement> f, string path, AgentKind kind, long id, Context ctx)
        {
            var settingsPath = $"{path}.settings";
            JsonObject body;
            if (!f.TryGetValue("settings", out var s)) body = new JsonObject();
            else if (s.ValueKind != JsonValueKind.Object)
            {
                Error(settingsPath, "must be an object");
                return null;
            }
            else body = JsonObject.Create(s)!.DeepClone().AsObject();

            if (body.ContainsKey("status"))
            {
                Error($"{settingsPath}.status", "is not set in a scenario: agents are logged in by their shifts (all the time without shifts)");
                body.Remove("status");
            }
            if (!body.ContainsKey("name")) body["name"] = $"agent {id.ToString(CultureInfo.InvariantCulture)}";
            if (kind == AgentKind.Local && !body.ContainsKey("extension_id")) body["extension_id"] = id;
            if (kind == AgentKind.Remote && !body.ContainsKey("number")) body["number"] = id.ToString(CultureInfo.InvariantCulture);
            var result = AgentSettingsValidator.Create(kind, JsonSerializer.SerializeToElement(body), _ => true, ctx.Sounds.Contains);
            if (result.IsValid) return result.Value;
            AddValidation(settingsPath, result.Errors);
            return null;
        }

        private MembershipSpec? Membership(JsonElement e, string path, Context ctx)
        {
            var f = Fields(e, path, "queue_id", "level", "position");
            if (f is null) return null;
            var queue = Whole(f, "queue_id", path, 1, long.MaxValue, required: true);
            var level = Whole(f, "level", path, 0, int.MaxValue) ?? 0;
            var position = Whole(f, "position", path, 0, int.MaxValue) ?? 0;
            if (queue is null) return null;
            if (!ctx.QueueIds.Contains(queue.Value))
            {
                Error($"{path}.queue_id", $"queue {queue.Value} is not in the scenario's queues");
                return null;
            }
            return new MembershipSpec(queue.Value, (int)level, (int)position);
        }

        private ShiftSpec? Shift(JsonElement e, string path, int duration)
        {
            var f = Fields(e, path, "login_second", "logout_second");
            if (f is null) return null;
            var login = Whole(f, "login_second", path, 0, duration, required: true);
            var logout = Whole(f, "logout_second", path, 0, duration, required: true);
            if (login is null || logout is null) return null;
            if (logout <= login)
            {
                Error($"{path}.logout_second", "must be greater than login_second");
                return null;
            }
            return new ShiftSpec((int)login, (int)logout);
        }

        // ------------------------------------------------------------ distributions

        private Distribution? Dist(Dictionary<string, JsonElement> f, string name, string path, bool required)
        {
            if (Object(f, name, path, required) is not { } e) return null;
            var p = $"{path}.{name}";
            string? type = null;
            if (e.TryGetProperty("type", out var t)) type = t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            else
            {
                Error($"{p}.type", "is required (fixed, exponential, uniform or lognormal)");
                return null;
            }
            switch (type)
            {
                case "fixed":
                {
                    var d = Fields(e, p, "type", "value");
                    var v = d is null ? null : Number(d, "value", p, 0, MaxDurationSeconds, required: true);
                    return v is { } value ? new Distribution.Fixed(value) : null;
                }
                case "exponential":
                {
                    var d = Fields(e, p, "type", "mean");
                    var mean = d is null ? null : Positive(d, "mean", p);
                    return mean is { } m ? new Distribution.Exponential(m) : null;
                }
                case "uniform":
                {
                    var d = Fields(e, p, "type", "min", "max");
                    if (d is null) return null;
                    var min = Number(d, "min", p, 0, MaxDurationSeconds, required: true);
                    var max = Number(d, "max", p, 0, MaxDurationSeconds, required: true);
                    if (min is null || max is null) return null;
                    if (max < min)
                    {
                        Error($"{p}.max", "must be at least min");
                        return null;
                    }
                    return new Distribution.Uniform(min.Value, max.Value);
                }
                case "lognormal":
                {
                    var d = Fields(e, p, "type", "mean", "stddev");
                    if (d is null) return null;
                    var mean = Positive(d, "mean", p);
                    var sd = Number(d, "stddev", p, 0, MaxDurationSeconds, required: true);
                    return mean is { } m && sd is { } s ? new Distribution.LogNormal(m, s) : null;
                }
                default:
                    Error($"{p}.type", "must be one of: fixed, exponential, uniform, lognormal");
                    return null;
            }
        }

        private double? Positive(Dictionary<string, JsonElement> f, string name, string path)
        {
            var v = Number(f, name, path, 0, MaxDurationSeconds, required: true);
            if (v is not 0) return v;
            Error($"{path}.{name}", "must be greater than 0");
            return null;
        }

        // ------------------------------------------------------------ JSON helpers

        private void AddValidation(string path, IReadOnlyDictionary<string, string[]> errors)
        {
            foreach (var (field, messages) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                foreach (var message in messages)
                    Error(field == "$" ? path : $"{path}.{field}", message);
        }

        /// <summary>The fields of an object, each checked against the allowed names; null if not an object.</summary>
        private Dictionary<string, JsonElement>? Fields(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, "must be an object");
                return null;
            }
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, p.Name) < 0) Error($"{path}.{p.Name}", "unknown field");
                else if (!fields.TryAdd(p.Name, p.Value)) Error($"{path}.{p.Name}", "is given more than once");
            }
            return fields;
        }

        private JsonElement? Object(Dictionary<string, JsonElement> f, string name, string path, bool required)
        {
            if (!f.TryGetValue(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Error($"{path}.{name}", "is required");
                return null;
            }
            if (e.ValueKind == JsonValueKind.Object) return e;
            Error($"{path}.{name}", "must be an object");
            return null;
        }

        private List<T?> Array<T>(Dictionary<string, JsonElement> f, string name, string path, bool required, Func<JsonElement, string, T?> item)
            where T : class
        {
            var list = new List<T?>();
            if (!f.TryGetValue(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Error($"{path}.{name}", "is required");
                return list;
            }
            if (e.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", "must be an array");
                return list;
            }
            var i = 0;
            foreach (var x in e.EnumerateArray()) list.Add(item(x, $"{path}.{name}[{i++}]"));
            return list;
        }

        private string? String(Dictionary<string, JsonElement> f, string name, string path)
        {
            if (!f.TryGetValue(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
            if (e.ValueKind == JsonValueKind.String) return e.GetString();
            Error($"{path}.{name}", "must be a string");
            return null;
        }

        private long? Whole(Dictionary<string, JsonElement> f, string name, string path, long min, long max, bool required = false)
        {
            if (!f.TryGetValue(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Error($"{path}.{name}", "is required");
                return null;
            }
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n))
            {
                Error($"{path}.{name}", "must be a whole number");
                return null;
            }
            if (n >= min && n <= max) return n;
            Error($"{path}.{name}", n < 0 && min == 0 ? "must not be negative" : $"must be between {Text(min)} and {Text(max)}");
            return null;
        }

        private double? Number(Dictionary<string, JsonElement> f, string name, string path, double min, double max, bool required = false)
        {
            if (!f.TryGetValue(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Error($"{path}.{name}", "is required");
                return null;
            }
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
            {
                Error($"{path}.{name}", "must be a number");
                return null;
            }
            if (v >= min && v <= max) return v;
            Error($"{path}.{name}", v < 0 && min == 0 ? "must not be negative"
                : max == double.MaxValue ? $"must be at least {Text(min)}" : $"must be between {Text(min)} and {Text(max)}");
            return null;
        }

        private static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
