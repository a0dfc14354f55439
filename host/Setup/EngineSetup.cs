using Akka.Actor;
using Akka.Hosting;
using QueueEngine.Hosting;
using QueueEngine.Host.Engine;
using QueueEngine.Host.Gateway;

namespace QueueEngine.Host.Setup;

public static class EngineSetup
{
    /// <summary>
    /// The ActorSystem with the engine (Akka.Hosting), Akka's logs in Microsoft.Extensions.Logging,
    /// the logging gateway, and the loader that pushes the stored configuration into the engine
    /// before the server takes requests. Engine options: section <c>QueueEngine:Engine</c>.
    /// </summary>
    public static IServiceCollection AddQueueEngineActors(this IServiceCollection services)
    {
        services.AddAkka("queue-engine", (akka, provider) =>
        {
            var engineOptions = provider.GetRequiredService<IConfiguration>().GetSection("QueueEngine:Engine").Get<EngineOptions>()
                                ?? new EngineOptions();
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithActors((system, registry) =>
                    registry.Register<GatewayCommands>(system.ActorOf(Props.Create<LoggingGateway>(), "gateway")))
                .WithQueueEngine(engineOptions);
        });
        services.AddSingleton<EngineClient>();
        services.AddSingleton<EngineReadiness>();
        // Registered after Akka's hosted service, so it starts once the ActorSystem is up.
        services.AddHostedService<EngineLoader>();
        return services;
    }
}
