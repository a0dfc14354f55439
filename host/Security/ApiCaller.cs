using System.Globalization;
using System.Security.Claims;

namespace QueueEngine.Host.Security;

/// <summary>Who is calling: the admin, one client, or the gateway. Read from the authenticated principal.</summary>
public static class ApiCaller
{
    public const string AdminRole = "admin";
    /// <summary>The telephony gateway: only the <c>/gateway/*</c> endpoints.</summary>
    public const string GatewayRole = "gateway";
    public const string ClientIdClaim = "client_id";
    public const string GatewayPartition = "gateway";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);

    public static bool IsGateway(this ClaimsPrincipal user) => user.IsInRole(GatewayRole);

    public static long? ClientId(this ClaimsPrincipal user) =>
        user.FindFirst(ClientIdClaim)?.Value is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;

    /// <summary>The admin may act on every client; a client key only on its own client.</summary>
    public static bool CanAccess(this ClaimsPrincipal user, long clientId) =>
        user.IsAdmin() || user.ClientId() == clientId;

    /// <summary>The rate limiter's partition: one bucket per key.</summary>
    public static string PartitionKey(this ClaimsPrincipal user, string? remoteAddress) =>
        user.IsAdmin() ? "admin"
        : user.IsGateway() ? GatewayPartition
        : user.ClientId() is { } id ? $"client:{id.ToString(CultureInfo.InvariantCulture)}"
        : $"anonymous:{remoteAddress}";
}
