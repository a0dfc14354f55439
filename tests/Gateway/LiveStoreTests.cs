using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QueueEngine.Domain;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;
using QueueEngine.Queues;

namespace QueueEngine.Tests.Gateway;

/// <summary>The live state store on a real SQLite file: start counter, waiting callers, agent events.</summary>
public sealed class LiveStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"queue-engine-live-{Guid.NewGuid():N}");

    private (ConfigStore Config, LiveStore Live) Open()
    {
        var config = new ConfigStore(Options.Create(new StorageOptions { DataDirectory = _dir }),
            new HostingEnvironment { ContentRootPath = _dir }, NullLogger<ConfigStore>.Instance);
        return (config, new LiveStore(config, NullLogger<LiveStore>.Instance));
    }

    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_start_has_a_higher_epoch()
    {
        var epochs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var (config, live) = Open();
            epochs.Add(live.Epoch);
            live.Dispose();
            config.Dispose();
        }
        Assert.Equal(new long[] { 1, 2, 3 }, epochs);
    }

    [Fact]
    public void Callers_come_back_per_queue_in_entry_order_with_exact_entry_times()
    {
        var (config, live) = Open();
        var precise = T0.AddTicks(1234567);
        live.Entered(7, new StoredCaller("b", "+2", null, precise));
        live.Entered(7, new StoredCaller("a", "+1", "Ann", T0.AddSeconds(1)));
        live.Entered(8, new StoredCaller("c", "+3", null, T0));
        live.Entered(7, new StoredCaller("d", "+4", null, T0.AddSeconds(2)));
        live.Left(7, "a");
        live.Entered(7, new StoredCaller("b", "+2", null, T0)); // a repeat changes nothing
        // Load sees everything queued before it, without waiting for the next batch.
        Assert.Equal(new[] { new StoredCaller("b", "+2", null, precise), new StoredCaller("d", "+4", null, T0.AddSeconds(2)) }, live.Load(7));
        live.Dispose();
        config.Dispose();

        var (config2, live2) = Open();
        Assert.Equal(new[] { "b", "d" }, live2.Load(7).Select(c => c.CallId));
        Assert.Equal(new[] { "c" }, live2.Load(8).Select(c => c.CallId));
        Assert.Empty(live2.Load(9));
        live2.Dispose();
        config2.Dispose();
    }

    [Fact]
    public async Task Agent_events_are_read_back_by_client_agent_and_time()
    {
        var (config, live) = Open();
        live.RecordAgentEvent(1, AgentKey.Local(5), "agent-login", T0);
        live.RecordAgentEvent(1, AgentKey.Local(5), "agent-logout", T0.AddHours(1));
        live.RecordAgentEvent(1, AgentKey.Remote(6), "agent-login", T0.AddHours(2));
        live.RecordAgentEvent(2, AgentKey.Local(9), "agent-login", T0);
        await live.Flush();
        Assert.Equal(3, live.ReadAgentEvents(1, null, null, null, 100).Count);
        Assert.Equal(new[] { "agent-login", "agent-logout" }, live.ReadAgentEvents(1, 5, null, null, 100).Select(e => e.Event));
        var window = live.ReadAgentEvents(1, null, T0.AddHours(1), T0.AddHours(2), 100);
        Assert.Equal((AgentKey.Local(5), "agent-logout", T0.AddHours(1)), (window.Single().Agent, window.Single().Event, window.Single().Time));
        Assert.Equal(AgentKind.Remote, live.ReadAgentEvents(1, 6, null, null, 100).Single().Agent.Kind);
        live.Dispose();
        config.Dispose();
    }

    [Fact]
    public async Task Many_changes_from_many_threads_are_all_written()
    {
        var (config, live) = Open();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2500; i++) live.Entered(t, new StoredCaller($"c{i}", "+1", null, T0.AddTicks(i)));
            for (var i = 0; i < 2500; i += 2) live.Left(t, $"c{i}");
        })));
        await live.Flush();
        for (var t = 0; t < 4; t++)
            Assert.Equal(Enumerable.Range(0, 1250).Select(i => $"c{2 * i + 1}"), live.ReadCallers(t).Select(c => c.Caller.CallId));
        live.Dispose();
        config.Dispose();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
