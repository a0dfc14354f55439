using QueueEngine.Host.Api;
using QueueEngine.Host.Events;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Setup;

public static class EventStreamSetup
{
    /// <summary>
    /// The clients' event streams (one bounded channel per connection) and the directory that
    /// tells which client owns an extension or agent. Options: section <c>QueueEngine:EventStream</c>.
    /// </summary>
    public static IServiceCollection AddQueueEngineEventStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventStreamOptions>().Bind(configuration.GetSection(EventStreamOptions.Section));
        services.AddSingleton<ClientEventStreams>();
        services.AddSingleton<TenantDirectory>();
        return services;
    }

    /// <summary><c>GET /client/{id}/events</c>, <c>GET /client/{id}/agent_events/</c>, <c>GET /extension/{id}/queue/callers/</c>.</summary>
    public static WebApplication MapQueueEngineEventStreams(this WebApplication app)
    {
        app.MapEventsApi();
        return app;
    }
}
