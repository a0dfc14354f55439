using System.Globalization;
using Akka.Hosting;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Events;
using QueueEngine.Host.Gateway;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Setup;

public static class EngineSetup
{
    /// <summary>
    /// The ActorSystem with the engine (Akka.Hosting), Akka's logs in Microsoft.Extensions.Logging,
    /// the HTTP gateway actor (commands to the command stream), the client event hub, the caller
    /// store that lets waiting callers survive a crash, and the loader that pushes the stored
    /// configuration into the engine before the server takes requests. Engine options: section
    /// <c>QueueEngine:Engine</c>. Needs <see cref="GatewaySetup.AddQueueEngineGateway"/> and
    /// <see cref="EventStreamSetup.AddQueueEngineEventStreams"/>.
    /// </summary>
    public static IServiceCollection AddQueueEngineActors(this IServiceCollection services)
    {
        services.AddAkka("queue-engine", (akka, provider) =>
        {
            var live = provider.GetRequiredService<LiveStore>();
            var engineOptions = (provider.GetRequiredService<IConfiguration>().GetSection("QueueEngine:Engine").Get<EngineOptions>()
                                 ?? new EngineOptions())
                with
                {
                    // Leg, playback and request ids of this start never repeat those of an earlier one.
                    IdTag = live.Epoch.ToString(CultureInfo.InvariantCulture) + "-",
                };
            var commands = provider.GetRequiredService<CommandLog>();
            var calls = provider.GetRequiredService<GatewayCalls>();
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithActors((system, registry) =>
                {
                    registry.Register<GatewayCommands>(system.ActorOf(HttpGateway.Props(commands, calls), "gateway"));
                    registry.Register<ClientEventHub>(system.ActorOf(ClientEventHub.Props(
                        provider.GetRequiredService<ClientEventStreams>(), provider.GetRequiredService<TenantDirectory>(), live, calls),
                        "client-events"));
                })
                .WithQueueEngine(engineOptions, live);
        });
        services.AddSingleton<EngineClient>();
        services.AddSingleton<EngineReadiness>();
        // Registered after Akka's hosted service, so it starts once the ActorSystem is up.
        services.AddHostedService<EngineLoader>();
        return services;
    }
}
