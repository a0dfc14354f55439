using QueueEngine.Gateway;

namespace QueueEngine.Tests.Gateway;

public sealed class CommandLogTests
{
    private static IGatewayCommand Cmd(int i) => new Hangup($"c{i}");

    [Fact]
    public void Ids_increase_from_the_epoch_and_a_reader_gets_exactly_the_commands_after_its_id()
    {
        var log = new CommandLog(epoch: 3, capacity: 100);
        var ids = Enumerable.Range(0, 10).Select(i => log.Append(Cmd(i))).ToList();
        Assert.Equal(3 * CommandLog.IdsPerEpoch + 1, ids[0]);
        Assert.Equal(ids, ids.Order());
        var after = log.After(ids[6], out _);
        Assert.Equal(ids.Skip(7), after.Select(c => c.Id));
        Assert.Equal(new[] { "c7", "c8", "c9" }, after.Select(c => c.Command.CallId));
        Assert.Empty(log.After(ids[9], out _));
    }

    [Fact]
    public void An_id_from_an_earlier_epoch_gets_everything_held()
    {
        var log = new CommandLog(epoch: 5);
        log.Append(Cmd(1));
        log.Append(Cmd(2));
        Assert.Equal(2, log.After(4 * CommandLog.IdsPerEpoch + 999, out _).Count);
    }

    [Fact]
    public void Only_the_last_capacity_commands_are_held()
    {
        var log = new CommandLog(epoch: 1, capacity: 4);
        for (var i = 0; i < 10; i++) log.Append(Cmd(i));
        Assert.Equal(new[] { "c6", "c7", "c8", "c9" }, log.After(0, out _).Select(c => c.Command.CallId));
    }

    [Fact]
    public async Task A_follower_receives_the_backlog_then_new_commands_as_they_come()
    {
        var log = new CommandLog(epoch: 1);
        log.Append(Cmd(0));
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var c in log.Follow(0, cts.Token))
            {
                seen.Add(c.Command.CallId);
                if (seen.Count == 3) break;
            }
        });
        log.Append(Cmd(1));
        log.Append(Cmd(2));
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { "c0", "c1", "c2" }, seen);
    }

    [Fact]
    public async Task A_follower_stops_when_cancelled()
    {
        var log = new CommandLog(epoch: 1);
        using var cts = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in log.Follow(0, cts.Token)) n++;
            return n;
        });
        await cts.CancelAsync();
        Assert.Equal(0, await reader.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
