using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>
/// On the synchronous dispatcher everything a Tell (or a timer delivery) causes has run when it returns:
/// the tests check results straight away, with no waiting of any kind.
/// </summary>
public class QuiescenceTests : Akka.TestKit.Xunit2.TestKit
{
    public QuiescenceTests() : base(VirtualTime.Config)
    {
    }

    private VirtualTimeScheduler Scheduler => VirtualTime.Of(Sys);

    public sealed record Hop(int Remaining);

    public sealed record Link(IActorRef Next);

    /// <summary>Shared, single-threaded record of a run: every hop and the time it was seen at.</summary>
    public sealed class RingLog
    {
        public int Hops;
        public bool Done;
        public readonly HashSet<DateTimeOffset> SeenAt = [];
    }

    /// <summary>Passes a hop counter to the next node until it reaches zero.</summary>
    public sealed class RingNode : ReceiveActor
    {
        private IActorRef _next = ActorRefs.Nobody;

        public RingNode(RingLog log)
        {
            Receive<Link>(m => _next = m.Next);
            Receive<Hop>(m =>
            {
                log.Hops++;
                log.SeenAt.Add(Context.System.Scheduler.Now);
                if (m.Remaining == 0)
                    log.Done = true;
                else
                    _next.Tell(new Hop(m.Remaining - 1));
            });
        }
    }

    /// <summary>Starts the ring when its single timer fires.</summary>
    public sealed class Starter : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Starter(IActorRef first, TimeSpan delay, int hops)
        {
            Receive<string>(_ => first.Tell(new Hop(hops)));
            Timers.StartSingleTimer("start", "start", delay);
        }
    }

    /// <summary>Creates its children on request; each child answers the requester from its constructor.</summary>
    public sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Receive<int>(count =>
            {
                var requester = Sender;
                for (var i = 0; i < count; i++)
                {
                    var index = i;
                    Context.ActorOf(Props.Create(() => new Child(requester, index)).WithDispatcher(SynchronousDispatcher.Id), $"child-{index}");
                }
            });
        }
    }

    public sealed class Child : ReceiveActor
    {
        public Child(IActorRef requester, int index) => requester.Tell($"child {index} started");
    }

    public sealed class Adder : ReceiveActor
    {
        public Adder() => Receive<(int A, int B)>(m => Sender.Tell(m.A + m.B));
    }

    private IActorRef[] Ring(int size, RingLog log)
    {
        var nodes = new IActorRef[size];
        for (var i = 0; i < size; i++)
            nodes[i] = Sys.ActorOf(Props.Create(() => new RingNode(log)).WithDispatcher(SynchronousDispatcher.Id));
        for (var i = 0; i < size; i++)
            nodes[i].Tell(new Link(nodes[(i + 1) % size]));
        return nodes;
    }

    [Theory]
    [InlineData(2, 100_000)] // ping-pong
    [InlineData(7, 70_000)]
    public void A_chain_of_actors_pinging_each_other_has_finished_when_the_drivers_Tell_returns(int size, int hops)
    {
        var log = new RingLog();
        var ring = Ring(size, log);

        ring[0].Tell(new Hop(hops));

        // Deep chains run on a trampoline: no stack overflow, and no message is left in flight.
        Assert.True(log.Done);
        Assert.Equal(hops + 1, log.Hops);
    }

    [Fact]
    public void Everything_a_timer_delivery_causes_has_run_when_the_advance_returns_and_at_the_timers_instant()
    {
        var log = new RingLog();
        var ring = Ring(3, log);
        Sys.ActorOf(Props.Create(() => new Starter(ring[0], TimeSpan.FromSeconds(2.5), 30)).WithDispatcher(SynchronousDispatcher.Id));

        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, log.Hops);

        Scheduler.Advance(TimeSpan.FromSeconds(8));

        Assert.True(log.Done);
        Assert.Equal(31, log.Hops);
        Assert.Equal([VirtualTimeScheduler.Epoch + TimeSpan.FromSeconds(2.5)], log.SeenAt);
    }

    [Fact]
    public void Children_created_by_an_actor_have_started_when_the_Tell_returns()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()).WithDispatcher(SynchronousDispatcher.Id));

        parent.Tell(3, TestActor);

        // The replies are already in the TestActor's queue: a zero timeout is enough.
        Assert.Equal("child 0 started", ExpectMsg<string>(TimeSpan.Zero));
        Assert.Equal("child 1 started", ExpectMsg<string>(TimeSpan.Zero));
        Assert.Equal("child 2 started", ExpectMsg<string>(TimeSpan.Zero));
        Assert.False(HasMessages);
    }

    [Fact]
    public async Task An_Ask_answered_synchronously_is_complete_when_Ask_returns()
    {
        var adder = Sys.ActorOf(Props.Create(() => new Adder()).WithDispatcher(SynchronousDispatcher.Id));

        var sum = adder.Ask<int>((2, 3));

        Assert.True(sum.IsCompletedSuccessfully);
        Assert.Equal(5, await sum);
    }
}

/// <summary>With <see cref="VirtualTime.FullySynchronousConfig"/> actors need no dispatcher setting, children included.</summary>
public class FullySynchronousTests : Akka.TestKit.Xunit2.TestKit
{
    public FullySynchronousTests() : base(VirtualTime.FullySynchronousConfig)
    {
    }

    /// <summary>Creates a child (default Props) that starts a timer and reports each tick with its time.</summary>
    public sealed class Parent : ReceiveActor
    {
        public Parent(List<Seen> seen)
        {
            Receive<StartPeriodic>(m => Context.ActorOf(Props.Create(() => new TimerActor(seen, false))).Tell(m));
        }
    }

    [Fact]
    public void Actors_and_their_children_on_default_Props_are_driven_synchronously()
    {
        var seen = new List<Seen>();
        var parent = Sys.ActorOf(Props.Create(() => new Parent(seen)));

        parent.Tell(new StartPeriodic("tick", TimeSpan.FromSeconds(0.75)));
        VirtualTime.Of(Sys).Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("tick@0.75s tick@1.5s", string.Join(" ", seen));
    }
}

/// <summary>Only the driver may move virtual time.</summary>
public class DriverOnlyTests : Akka.TestKit.Xunit2.TestKit
{
    public DriverOnlyTests() : base(VirtualTime.Config)
    {
    }

    public sealed class Advancer : ReceiveActor
    {
        public Advancer()
        {
            Receive<string>(_ =>
            {
                try
                {
                    VirtualTime.Of(Context.System).Advance(TimeSpan.FromSeconds(1));
                    Sender.Tell("advanced");
                }
                catch (InvalidOperationException)
                {
                    Sender.Tell("refused");
                }
            });
        }
    }

    [Fact]
    public void Advancing_from_inside_a_synchronous_actor_is_refused()
    {
        var advancer = Sys.ActorOf(Props.Create(() => new Advancer()).WithDispatcher(SynchronousDispatcher.Id));

        advancer.Tell("go", TestActor);

        Assert.Equal("refused", ExpectMsg<string>(TimeSpan.Zero));
        Assert.Equal(VirtualTimeScheduler.Epoch, Sys.Scheduler.Now);
    }
}
