using Microsoft.Extensions.Options;
using QueueEngine.Gateway;
using QueueEngine.Host.Gateway;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Setup;

public static class GatewaySetup
{
    /// <summary>
    /// The gateway protocol over HTTP: the live state store (this start's epoch, the waiting
    /// callers, the agent events), the command log the command stream reads (ids from the epoch),
    /// the view of issued ids, and the ingress that delivers gateway events. Options: section
    /// <c>QueueEngine:Gateway</c>.
    /// </summary>
    public static IServiceCollection AddQueueEngineGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.AddSingleton<LiveStore>();
        services.AddSingleton(provider => new CommandLog(
            provider.GetRequiredService<LiveStore>().Epoch,
            Math.Max(1, provider.GetRequiredService<IOptions<GatewayOptions>>().Value.CommandBufferSize)));
        services.AddSingleton<GatewayCalls>();
        services.AddSingleton<GatewayIngress>();
        return services;
    }

    /// <summary><c>POST /gateway/events</c> and <c>GET /gateway/commands</c>, for the gateway key only.</summary>
    public static WebApplication MapQueueEngineGateway(this WebApplication app)
    {
        app.MapGatewayApi();
        if (string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.GatewayApiKey))
            app.Logger.LogWarning("No gateway API key is configured (QueueEngine:GatewayApiKey): /gateway/* answers 401");
        return app;
    }
}
