using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QueueEngine.Host.Api;

namespace QueueEngine.Host.Setup;

public static class ApiSetup
{
    /// <summary>
    /// JSON (snake_case), problem details for every error, the OpenAPI document, health checks and
    /// one structured log line per request (method, path, status, duration; never headers).
    /// </summary>
    public static IServiceCollection AddQueueEngineApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // numbers are numbers (also in the OpenAPI schemas)
        });
        services.AddProblemDetails();
        services.AddQueueEngineOpenApi();
        services.AddQueueEngineHealthChecks();
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                              | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        return services;
    }

    /// <summary>The middleware, in order: errors, request log, routing, key, rate limit, authorization.</summary>
    public static WebApplication UseQueueEngineApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages(); // a bare 401/404/405 gets a problem body too
        app.UseHttpLogging();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: the bucket is the caller's key
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every endpoint of the service.</summary>
    public static WebApplication MapQueueEngineApi(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        app.MapClientsApi();
        app.MapExtensionsApi();
        app.MapQueuesApi();
        app.MapAgentsApi();
        app.MapMembershipsApi();
        app.MapSoundsApi();
        app.LogAdminKeyState();
        return app;
    }

    private static void LogAdminKeyState(this WebApplication app)
    {
        if (string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.AdminApiKey))
            app.Logger.LogWarning("No admin API key is configured (QueueEngine:AdminApiKey): admin requests such as POST /client/ answer 401");
    }
}
