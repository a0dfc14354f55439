using System.Globalization;
using System.Security.Claims;
using QueueEngine.Host.Security;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Api;

/// <summary>
/// Finding a resource for a caller: another client's resource is answered exactly like one that
/// does not exist (404), so ids of other clients cannot be probed.
/// </summary>
internal static class ApiAccess
{
    public static bool ClientVisible(this StoreSession s, ClaimsPrincipal user, long clientId) =>
        user.CanAccess(clientId) && s.FindClient(clientId) is not null;

    public static ExtensionRecord? VisibleExtension(this StoreSession s, ClaimsPrincipal user, long extensionId) =>
        s.FindExtension(extensionId) is { } e && user.CanAccess(e.ClientId) ? e : null;

    public static ExtensionRecord? VisibleQueue(this StoreSession s, ClaimsPrincipal user, long extensionId) =>
        s.VisibleExtension(user, extensionId) is { IsQueue: true } e ? e : null;

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>"YYYY-MM-DD HH:MM:SS" in UTC, the seed's create_date format.</summary>
    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
