using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Setup;

public static class StorageSetup
{
    /// <summary>The SQLite configuration store in <c>QueueEngine:DataDirectory</c> (default <c>./data</c>).</summary>
    public static IServiceCollection AddQueueEngineStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<ConfigStore>();
        return services;
    }
}
