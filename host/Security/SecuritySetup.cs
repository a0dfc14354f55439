using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Setup;

namespace QueueEngine.Host.Security;

public static class SecuritySetup
{
    public const string AdminPolicy = "admin";
    public const string GatewayPolicy = "gateway";

    /// <summary>
    /// API-key authentication; every endpoint requires a key unless it allows anonymous access.
    /// The REST API takes the admin key and client keys (the gateway key is refused with 403); the
    /// <see cref="AdminPolicy"/> is for admin-only endpoints, the <see cref="GatewayPolicy"/> for
    /// <c>/gateway/*</c>, which only the gateway key opens.
    /// </summary>
    public static IServiceCollection AddQueueEngineSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var restApi = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.IsGateway())
            .Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(restApi)
            .SetFallbackPolicy(restApi)
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(ApiCaller.AdminRole))
            .AddPolicy(GatewayPolicy, p => p.RequireAuthenticatedUser().RequireRole(ApiCaller.GatewayRole));
        return services;
    }

    /// <summary>
    /// Per-key rate limiting (QUEUE-SPEC §1.7): a token bucket per API key (per address for
    /// requests without a valid key), <c>429</c> with <c>Retry-After</c> when it is empty. The
    /// gateway key has a bucket of its own with its own, higher limit (<c>GatewayRateLimit</c>).
    /// Health probes and the OpenAPI document are not limited.
    /// </summary>
    public static IServiceCollection AddQueueEngineRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            var bucket = Bucket(security.Value.RateLimit);
            var gatewayBucket = Bucket(security.Value.GatewayRateLimit);
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.User.PartitionKey(http.Connection.RemoteIpAddress?.ToString()),
                    partition => partition == ApiCaller.GatewayPartition ? gatewayBucket : bucket));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("QueueEngine.Host.RateLimiting")
                    .LogWarning("Rate limit reached for {Partition}; retry after {RetryAfterSeconds} s",
                        http.User.PartitionKey(http.Connection.RemoteIpAddress?.ToString()), retryAfter);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This API key's request limit is reached; retry after {retryAfter} s.",
                    },
                });
            };
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(RateLimitOptions limit) => new()
    {
        TokenLimit = Math.Max(1, limit.Burst),
        TokensPerPeriod = Math.Max(1, limit.RequestsPerPeriod),
        ReplenishmentPeriod = TimeSpan.FromSeconds(limit.PeriodSeconds > 0 ? limit.PeriodSeconds : 1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
