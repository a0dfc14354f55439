using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

public class TimerHandleTests
{
    [Fact]
    public void A_cancel_shows_on_the_flag_and_on_a_token_asked_for_before_or_after()
    {
        var before = new TimerHandle();
        var token = before.Token;
        Assert.False(before.IsCancellationRequested);
        before.Cancel();
        Assert.True(before.IsCancellationRequested);
        Assert.True(token.IsCancellationRequested);

        var after = new TimerHandle();
        after.Cancel();
        Assert.True(after.IsCancellationRequested);
        Assert.True(after.Token.IsCancellationRequested);
    }
}
