using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace QueueEngine.Domain;

/// <summary>
/// The outcome of validating a request body: either a value, or errors keyed by the snake_case
/// field name (<c>$</c> for the body as a whole). The errors dictionary has the shape ASP.NET's
/// <c>ValidationProblem</c> expects, so the API can hand it over unchanged.
/// </summary>
public sealed class ValidationResult<T>
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private ValidationResult(T? value, IReadOnlyDictionary<string, string[]> errors)
    {
        Value = value;
        Errors = errors;
    }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Errors.Count == 0;

    /// <summary>The validated value; default when <see cref="IsValid"/> is false.</summary>
    public T? Value { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static ValidationResult<T> Success(T value) => new(value, NoErrors);

    public static ValidationResult<T> Failure(IReadOnlyDictionary<string, string[]> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        return new(default, errors);
    }

    public static ValidationResult<T> Failure(string field, string message) =>
        Failure(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects error messages per field while a body is read.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public bool Has(string field) => _byField.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages)) _byField[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>The value if nothing was wrong, else every error collected (and no value).</summary>
    public ValidationResult<T> ToResult<T>(T value) => Any
        ? ValidationResult<T>.Failure(_byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
        : ValidationResult<T>.Success(value);
}

/// <summary>
/// Reads one field of a JSON request body into a domain value, recording a short message under
/// the field's name when the value is wrong. On error a fallback is returned; callers discard the
/// whole result once any error was recorded, so the fallback never escapes. JSON <c>null</c>
/// yields the field's default (the "reset" of a partial update).
/// </summary>
internal readonly struct JsonField(string name, JsonElement value, ValidationErrors errors)
{
    /// <summary>30 days: the upper bound of every seconds field.</summary>
    public const int MaxSeconds = 2_592_000;

    public const int MaxStringLength = 255;

    public string Name => name;

    public bool IsNull => value.ValueKind == JsonValueKind.Null;

    public void Error(string message) => errors.Add(name, message);

    public bool Bool(bool defaultValue) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => defaultValue,
        _ => Fail(defaultValue, "must be true or false"),
    };

    public int Seconds(int defaultValue) => Int(defaultValue, 0, MaxSeconds);

    public int Int(int defaultValue, int min, int max)
    {
        if (IsNull) return defaultValue;
        return WholeNumber(min, max) is { } n ? (int)n : defaultValue;
    }

    /// <summary>A positive id (agent, extension); null stays null so the caller can call it missing.</summary>
    public long? Id()
    {
        if (IsNull) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0) return id;
        return Fail<long?>(null, "must be a positive whole number");
    }

    /// <summary>A sound id: 0 means none (null); any other id must exist.</summary>
    public long? SoundId(Func<long, bool> soundExists)
    {
        if (IsNull) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var id) || id < 0)
            return Fail<long?>(null, "must be a sound id (0 for none)");
        if (id == 0) return null;
        return soundExists(id) ? id : Fail<long?>(null, $"sound {id} does not exist");
    }

    /// <summary>
    /// A string of at most <paramref name="maxLength"/> characters without control characters
    /// (they would only corrupt what is handed on to the gateway or shown to operators).
    /// </summary>
    public string? String(int maxLength = MaxStringLength, bool allowBlank = true)
    {
        if (IsNull) return null;
        if (value.ValueKind != JsonValueKind.String) return Fail<string?>(null, "must be a string");
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Fail<string?>(null, "must be valid text"); // e.g. an escaped lone surrogate
        }
        if (!allowBlank && string.IsNullOrWhiteSpace(text)) return Fail<string?>(null, "must not be empty");
        if (text.Length > maxLength) return Fail<string?>(null, $"must be at most {maxLength} characters");
        if (text.Any(char.IsControl)) return Fail<string?>(null, "must not contain control characters");
        return text;
    }

    public T Wire<T>(WireNameMap<T> names, T defaultValue) where T : struct, Enum =>
        OptionalWire(names) ?? defaultValue;

    public T? OptionalWire<T>(WireNameMap<T> names) where T : struct, Enum
    {
        if (IsNull) return null;
        if (value.ValueKind == JsonValueKind.String && names.TryParse(value.GetString(), out var parsed)) return parsed;
        return Fail<T?>(null, $"must be one of: {string.Join(", ", names.Names)}");
    }

    private long? WholeNumber(long min, long max)
    {
        var range = $"must be between {min} and {max}";
        if (value.ValueKind != JsonValueKind.Number) return Fail<long?>(null, "must be a whole number");
        if (!value.TryGetInt64(out var n))
        {
            // An integer literal too large for a long is a range problem, 1.5 or 1e3 a type problem.
            var raw = value.GetRawText();
            return Fail<long?>(null, raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 ? range : "must be a whole number");
        }
        return n >= min && n <= max ? n : Fail<long?>(null, range);
    }

    private TValue Fail<TValue>(TValue fallback, string message)
    {
        Error(message);
        return fallback;
    }
}

internal static class JsonBody
{
    /// <summary>
    /// The fields of an object body, each name once. A body that is not an object is reported
    /// under <c>$</c> and yields nothing; a repeated field is reported and its repeats skipped.
    /// </summary>
    public static IEnumerable<JsonField> Fields(JsonElement body, ValidationErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "the body must be a JSON object");
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (seen.Add(property.Name)) yield return new JsonField(property.Name, property.Value, errors);
            else errors.Add(property.Name, "is given more than once");
        }
    }
}
