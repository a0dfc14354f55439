using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c> (QUEUE-SPEC §1.7): the configured admin key, the
/// configured gateway key, or a client key looked up by its hash. No key or an unknown key leaves the request anonymous, and
/// the endpoint's authorization answers 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConfigStore store,
    IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'."));
        var key = header[bearer.Length..].Trim();
        if (key.Length == 0) return Task.FromResult(AuthenticateResult.Fail("The API key is empty."));

        if (security.Value.AdminApiKey is { Length: > 0 } admin && ApiKeys.FixedTimeEquals(key, admin))
            return Task.FromResult(Success(new Claim(ClaimTypes.Role, ApiCaller.AdminRole), new Claim(ClaimTypes.Name, "admin")));
        if (security.Value.GatewayApiKey is { Length: > 0 } gateway && ApiKeys.FixedTimeEquals(key, gateway))
            return Task.FromResult(Success(new Claim(ClaimTypes.Role, ApiCaller.GatewayRole), new Claim(ClaimTypes.Name, "gateway")));

        var hash = ApiKeys.Hash(key);
        if (store.Read(s => s.FindClientIdByKeyHash(hash)) is { } clientId)
        {
            var id = clientId.ToString(CultureInfo.InvariantCulture);
            return Task.FromResult(Success(new Claim(ApiCaller.ClientIdClaim, id), new Claim(ClaimTypes.Name, $"client {id}")));
        }
        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
