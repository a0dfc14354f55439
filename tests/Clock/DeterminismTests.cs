using Akka.Actor;
using QueueEngine.Clock;

namespace QueueEngine.Tests.Clock;

/// <summary>The same scripted run, in two fresh ActorSystems, gives the identical trace.</summary>
public class DeterminismTests
{
    public sealed record Peers(IActorRef[] Refs);

    public sealed record Arm(string Key, TimeSpan Delay);

    public sealed record Disarm(string Key);

    public sealed record Fired(string Key, int Generation);

    public sealed record Note(string From, string Key);

    /// <summary>
    /// Arms and disarms keyed timers; when one fires it notifies a peer and, for a few generations,
    /// re-arms itself, so deliveries schedule further work and collide at the same instants.
    /// </summary>
    public sealed class ScriptedActor : ReceiveActor, IWithTimers
    {
        private IActorRef[] _peers = [];

        public ITimerScheduler Timers { get; set; } = null!;

        public ScriptedActor(string name, List<string> trace)
        {
            void Log(string what) => trace.Add($"{(Context.System.Scheduler.Now - VirtualTimeScheduler.Epoch).Ticks} {name} {what}");

            Receive<Peers>(m => _peers = m.Refs);
            Receive<Arm>(m => Timers.StartSingleTimer(m.Key, new Fired(m.Key, 0), m.Delay));
            Receive<Disarm>(m => Timers.Cancel(m.Key));
            Receive<Fired>(m =>
            {
                Log($"fired {m.Key}#{m.Generation}");
                _peers[(m.Key.Length + m.Generation) % _peers.Length].Tell(new Note(name, m.Key));
                if (m.Generation < 3)
                    Timers.StartSingleTimer(m.Key, m with { Generation = m.Generation + 1 }, TimeSpan.FromMilliseconds(250 * (m.Generation + 1)));
            });
            Receive<Note>(m => Log($"note {m.From}/{m.Key}"));
        }
    }

    private static async Task<List<string>> RunScript(int seed)
    {
        var trace = new List<string>();
        var system = ActorSystem.Create("determinism", VirtualTime.Config);
        try
        {
            var scheduler = VirtualTime.Of(system);
            var actors = new IActorRef[4];
            for (var i = 0; i < actors.Length; i++)
            {
                var name = $"a{i}";
                actors[i] = system.ActorOf(Props.Create(() => new ScriptedActor(name, trace)).WithDispatcher(SynchronousDispatcher.Id), name);
            }
            foreach (var actor in actors)
                actor.Tell(new Peers(actors));

            var random = new Random(seed);
            for (var step = 0; step < 300; step++)
            {
                var actor = actors[random.Next(actors.Length)];
                var key = $"k{random.Next(6)}";
                // Quarter-second granularity makes many timers fall due at the same instant.
                if (random.Next(4) == 0)
                    actor.Tell(new Disarm(key));
                else
                    actor.Tell(new Arm(key, TimeSpan.FromMilliseconds(250 * random.Next(12))));
                scheduler.Advance(TimeSpan.FromMilliseconds(125 * random.Next(8)));
            }
            scheduler.Advance(TimeSpan.FromMinutes(1));
        }
        finally
        {
            await system.Terminate();
        }
        return trace;
    }

    [Fact]
    public async Task The_same_scripted_run_twice_gives_the_identical_trace()
    {
        var first = await RunScript(seed: 2026);
        var second = await RunScript(seed: 2026);

        Assert.Equal(first, second);

        // The script must exercise what determinism is about: many deliveries, several at one instant.
        Assert.True(first.Count > 500, $"only {first.Count} trace lines");
        var busiestInstant = first.GroupBy(line => line[..line.IndexOf(' ')]).Max(g => g.Count());
        Assert.True(busiestInstant >= 4, $"at most {busiestInstant} events at one instant");
    }
}
