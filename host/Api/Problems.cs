namespace QueueEngine.Host.Api;

/// <summary>RFC 7807 <c>application/problem+json</c> answers of the API.</summary>
public static class Problems
{
    /// <summary>400 with an <c>errors</c> object naming each bad field (<c>$</c>: the body as a whole).</summary>
    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>404: the resource does not exist, or belongs to another client (the same answer).</summary>
    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} was not found.");

    /// <summary>409 with a detail, and optionally what is in the way (e.g. <c>queues</c>).</summary>
    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail, extensions: extensions);

    public static IResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: detail);
}

/// <summary>The log category of the API's handlers (changes are logged with their ids).</summary>
public sealed class ApiLog;
