using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QueueEngine.Simulation;

/// <summary>
/// The report of QUEUE-SPEC §7 as JSON, and the per-interval CSV. Keys in a fixed order, numbers
/// rounded to fixed places and written in the invariant culture, so the same run always gives the
/// same bytes (apart from <c>wall_seconds</c> and <c>calls_per_wall_second</c>).
/// </summary>
public static class SimulationReport
{
    /// <summary>Decimal places: seconds to the millisecond, shares to 1/10,000.</summary>
    private const int SecondsDigits = 3;
    private const int ShareDigits = 4;

    public static string ToJson(SimulationResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", r.Scenario.Name);
            w.WriteNumber("seed", r.Scenario.Seed);
            w.WriteNumber("simulated_seconds", Round(r.SimulatedSeconds, SecondsDigits));
            w.WriteNumber("wall_seconds", Round(r.WallSeconds, SecondsDigits));
            w.WriteNumber("calls", r.Calls);
            w.WriteNumber("calls_per_wall_second", Math.Round(r.CallsPerWallSecond));

            w.WriteStartArray("queues");
            foreach (var q in r.Queues)
            {
                w.WriteStartObject();
                w.WriteNumber("id", q.Id);
                w.WriteNumber("offered", q.Offered);
                w.WriteNumber("answered", q.Answered);
                w.WriteNumber("abandoned", q.Abandoned);
                w.WriteNumber("timeout", q.Timeout);
                w.WriteNumber("no_agent_timeout", q.NoAgentTimeout);
                w.WriteNumber("no_agents_on_entry", q.NoAgentsOnEntry);
                w.WriteNumber("exit_key", q.ExitKey);
                w.WriteNumber("voicemail", q.Voicemail);
                Number(w, "asa_seconds", q.AsaSeconds, SecondsDigits);
                Number(w, "avg_wait_seconds", q.AvgWaitSeconds, SecondsDigits);
                Number(w, "max_wait_seconds", q.MaxWaitSeconds, SecondsDigits);
                Number(w, "service_level", q.ServiceLevel, ShareDigits);
                Number(w, "avg_talk_seconds", q.AvgTalkSeconds, SecondsDigits);
                Number(w, "avg_rating", q.AvgRating, ShareDigits);
                if (q.ErlangC is { } e)
                {
                    w.WriteStartObject("erlang_c");
                    Number(w, "predicted_asa_seconds", e.AsaSeconds, SecondsDigits);
                    Number(w, "predicted_service_level", e.ServiceLevel, ShareDigits);
                    Number(w, "predicted_wait_probability", e.WaitProbability, ShareDigits);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("agents");
            foreach (var a in r.Agents)
            {
                w.WriteStartObject();
                w.WriteNumber("id", a.Id);
                w.WriteNumber("answered", a.Answered);
                Number(w, "talk_seconds", a.TalkSeconds, SecondsDigits);
                Number(w, "occupancy", a.Occupancy, ShareDigits);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The CSV's columns, one row per queue and 15-minute interval of the scenario's duration.</summary>
    public const string CsvHeader =
        "queue_id,interval_start_second,interval_start,offered,answered,abandoned,service_level,asa_seconds,agents_logged_in,occupancy";

    public static string ToCsv(SimulationResult r)
    {
        var sb = new StringBuilder();
        sb.Append(CsvHeader).Append('\n');
        foreach (var q in r.Queues)
            foreach (var i in q.Intervals)
            {
                var start = i.StartSecond;
                var length = Math.Min(IntervalStatistics.Seconds, r.Scenario.DurationSeconds - start);
                sb.Append(q.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(start.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(Clock(start)).Append(',')
                  .Append(i.Offered.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(i.Answered.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(i.Abandoned.ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(Text(i.ServiceLevel, ShareDigits)).Append(',')
                  .Append(Text(i.AsaSeconds, SecondsDigits)).Append(',')
                  .Append(Text(i.AgentLoggedInSeconds / length, 2)).Append(',')
                  .Append(Text(i.Occupancy, ShareDigits)).Append('\n');
            }
        return sb.ToString();
    }

    /// <summary>Writes <c>intervals.csv</c> into <paramref name="directory"/> (created if needed); returns its path.</summary>
    public static string WriteCsv(SimulationResult r, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "intervals.csv");
        File.WriteAllText(path, ToCsv(r));
        return path;
    }

    /// <summary>Seconds since the start of the run as h:mm (hours may exceed 24).</summary>
    public static string Clock(int seconds) =>
        $"{(seconds / 3600).ToString(CultureInfo.InvariantCulture)}:{(seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture)}";

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static void Number(Utf8JsonWriter w, string name, double? value, int digits)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, Round(v, digits));
        else w.WriteNull(name);
    }

    private static string Text(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? Round(v, digits).ToString(CultureInfo.InvariantCulture) : "";
}
