namespace QueueEngine.Tests.Api;

/// <summary>One running service per test class; each test makes its own client (tenant).</summary>
public class HostFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public Task InitializeAsync()
    {
        Host = new ApiHost(Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A small sound limit, for the 413 test.</summary>
public sealed class SmallUploadsFixture : HostFixture
{
    public const int MaxSoundBytes = 100_000;

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["QueueEngine:MaxSoundBytes"] = MaxSoundBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
