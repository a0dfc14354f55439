using Microsoft.Extensions.Configuration.Memory;

namespace QueueEngine.Host.Setup;

public static class LoggingSetup
{
    /// <summary>
    /// Defaults with the lowest priority, so appsettings, environment variables and the command
    /// line override each: JSON console logs (one structured object per line, UTC timestamps),
    /// framework noise at Warning, one line per request from the HTTP log.
    /// </summary>
    public static WebApplicationBuilder AddQueueEngineLogging(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
                // Authentication brings ASP.NET's data protection, which this service never uses
                // (no cookies, no tokens): its key-ring warnings are noise.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                ["Logging:Console:FormatterName"] = "json",
                ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
            },
        });
        return builder;
    }
}
