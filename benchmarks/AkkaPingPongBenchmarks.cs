using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using QueueEngine.Clock;

namespace QueueEngine.Benchmarks;

/// <summary>
/// The ceiling the engine is measured against: raw Akka.NET messaging with no engine code. Two
/// actors bounce one message back and forth (one message in flight per pair); an operation is one
/// delivered message, so Op/s is messages per second. A plain ActorSystem (real scheduler) that
/// also registers the engine's <see cref="SynchronousDispatcher"/>.
/// </summary>
public class AkkaPingPongBenchmarks
{
    private const int Messages = 100_000;

    private ActorSystem system = null!;
    private IActorRef[] defaultPingers = null!;
    private IActorRef syncPinger = null!;
    private readonly CountdownEvent done = new(1);

    [GlobalSetup]
    public void Setup()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """).WithFallback(ConfigurationFactory.ParseString(SynchronousDispatcher.Hocon));
        system = ActorSystem.Create("pingpong", config);
        defaultPingers = [Pair(null, "a"), Pair(null, "b")];
        syncPinger = Pair(SynchronousDispatcher.Id, "sync");
    }

    private IActorRef Pair(string? dispatcher, string name)
    {
        Props With(Props p) => dispatcher is null ? p : p.WithDispatcher(dispatcher);
        var ponger = system.ActorOf(With(Props.Create(typeof(Ponger))), $"pong-{name}");
        return system.ActorOf(With(Props.Create(typeof(Pinger), ponger)), $"ping-{name}");
    }

    [Benchmark(Description = "default dispatcher, 1 pair", OperationsPerInvoke = Messages)]
    public void DefaultDispatcherOnePair() => Run(defaultPingers.AsSpan(0, 1));

    [Benchmark(Description = "default dispatcher, 2 pairs", OperationsPerInvoke = Messages)]
    public void DefaultDispatcherTwoPairs() => Run(defaultPingers);

    [Benchmark(Description = "synchronous dispatcher, 1 pair", OperationsPerInvoke = Messages)]
    public void SynchronousDispatcherOnePair() => Run([syncPinger]);

    /// <summary>Each pair exchanges its share of <see cref="Messages"/>; returns when every pair is done.</summary>
    private void Run(ReadOnlySpan<IActorRef> pingers)
    {
        done.Reset(pingers.Length);
        var roundTrips = Messages / 2 / pingers.Length;
        foreach (var pinger in pingers) pinger.Tell(new Start(roundTrips, done), ActorRefs.NoSender);
        done.Wait();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
        system.Dispose();
        done.Dispose();
    }

    private sealed record Start(int RoundTrips, CountdownEvent Done);

    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Pinger : ReceiveActor
    {
        private int remaining;
        private CountdownEvent? done;

        public Pinger(IActorRef ponger)
        {
            Receive<Start>(s =>
            {
                remaining = s.RoundTrips;
                done = s.Done;
                ponger.Tell(Ball.Instance, Self);
            });
            Receive<Ball>(b =>
            {
                if (--remaining == 0) done!.Signal();
                else Sender.Tell(b, Self);
            });
        }
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => Receive<Ball>(b => Sender.Tell(b, Self));
    }
}
