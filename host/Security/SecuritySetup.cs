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

    /// <summary>
    /// API-key authentication; every endpoint requires a key unless it allows anonymous access;
    /// the <see cref="AdminPolicy"/> for admin-only endpoints.
    /// </summary>
    public static IServiceCollection AddQueueEngineSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(ApiCaller.AdminRole));
        return services;
    }

    /// <summary>
    /// Per-key rate limiting (QUEUE-SPEC §1.7): a token bucket per API key (per address for
    /// requests without a valid key), <c>429</c> with <c>Retry-After</c> when it is empty.
    /// Health probes and the OpenAPI document are not limited.
    /// </summary>
    public static IServiceCollection AddQueueEngineRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            var limit = security.Value.RateLimit;
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, limit.Burst),
                TokensPerPeriod = Math.Max(1, limit.RequestsPerPeriod),
                ReplenishmentPeriod = TimeSpan.FromSeconds(limit.PeriodSeconds > 0 ? limit.PeriodSeconds : 1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.User.PartitionKey(http.Connection.RemoteIpAddress?.ToString()), _ => bucket));
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
}
