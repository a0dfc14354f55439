using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using QueueEngine.Agents;
using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Queues;

namespace QueueEngine.Simulation;

/// <summary>How far a run has got (simulated seconds, callers so far).</summary>
public readonly record struct SimulationProgress(double SimulatedSeconds, double DurationSeconds, long Calls);

public sealed record SimulationOptions
{
    /// <summary>
    /// Called now and then, about 200 times over the scenario's duration per part, one call at a time
    /// (from whichever part's thread is reporting): the slowest part's simulated time and all calls so far.
    /// </summary>
    public Action<SimulationProgress>? Progress { get; init; }

    /// <summary>
    /// How many threads may run the scenario: queues that share no agent run on separate engines side
    /// by side (see <see cref="ScenarioPartitioner"/>). The figures are the same for any value; only the
    /// wall time changes.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// After <c>duration_seconds</c> no caller arrives; the callers still in the system are served
    /// until they end. Those still there this long after the end hang up (counted as abandoned).
    /// </summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>The outcome of a run: every figure of the report, and more for tests.</summary>
public sealed record SimulationResult(
    Scenario Scenario,
    double SimulatedSeconds,
    double WallSeconds,
    long Calls,
    IReadOnlyList<QueueStatistics> Queues,
    IReadOnlyList<AgentStatistics> Agents,
    long CallersHungUpAfterDrainLimit,
    long CallersEndedTwice,
    IReadOnlyList<string> EngineWarnings)
{
    public double CallsPerWallSecond => WallSeconds > 0 ? Calls / WallSeconds : 0;
}

/// <summary>
/// Runs a scenario through the real engine (queue and agent actors, gateway protocol) on virtual
/// time, driven from the calling thread: arrivals and shift changes are fed in at their exact
/// virtual times, and everything else (rings, answers, talk, patience, timers) is scheduled on the
/// <see cref="VirtualTimeScheduler"/>. Every actor runs on the synchronous dispatcher, so the same
/// scenario and seed always give the same run.
/// </summary>
public static class Simulator
{
    private static readonly Config AkkaConfig = VirtualTime.FullySynchronousConfig.WithFallback(ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.actor.serialize-messages = off
        """));

    public static SimulationResult Run(Scenario scenario, SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var parts = ScenarioPartitioner.Split(scenario, options.Parallelism);
        var drivers = parts.Count == 1
            ? [RunPart(parts[0].Scenario, options)]
            : RunInParallel(parts, options);
        wall.Stop();
        return Merge(scenario, parts, drivers, wall.Elapsed.TotalSeconds);
    }

    /// <summary>One engine (ActorSystem) for the part, driven from the calling thread.</summary>
    private static Driver RunPart(Scenario part, SimulationOptions options)
    {
        var system = ActorSystem.Create("simulation", AkkaConfig);
        try
        {
            var driver = new Driver(part, system, options);
            driver.Execute();
            return driver;
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Each part on a thread of its own; progress is the slowest part's time and all parts' calls.</summary>
    private static Driver[] RunInParallel(IReadOnlyList<ScenarioPart> parts, SimulationOptions options)
    {
        var drivers = new Driver[parts.Count];
        var failures = new System.Runtime.ExceptionServices.ExceptionDispatchInfo?[parts.Count];
        var progress = new SimulationProgress[parts.Count];
        var gate = new Lock();
        var threads = parts.Select((part, i) =>
        {
            var partOptions = options with
            {
                Progress = options.Progress is not { } report ? null : p =>
                {
                    lock (gate)
                    {
                        progress[i] = p;
                        report(new SimulationProgress(progress.Min(x => x.SimulatedSeconds), p.DurationSeconds, progress.Sum(x => x.Calls)));
                    }
                },
            };
            // A large stack like the main thread's: actor code runs on it.
            return new Thread(() =>
            {
                try
                {
                    drivers[i] = RunPart(part.Scenario, partOptions);
                }
                catch (Exception e)
                {
                    failures[i] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                }
            }, maxStackSize: 16 * 1024 * 1024) { Name = $"simulation-{i + 1}", IsBackground = true };
        }).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        failures.FirstOrDefault(f => f is not null)?.Throw();
        return drivers;
    }

    /// <summary>Puts every part's figures back where its queues and agents sit in the whole scenario.</summary>
    private static SimulationResult Merge(Scenario scenario, IReadOnlyList<ScenarioPart> parts, IReadOnlyList<Driver> drivers, double wallSeconds)
    {
        var queues = new QueueStatistics[scenario.Queues.Count];
        var groupStart = new int[scenario.Agents.Count];
        for (int g = 0, n = 0; g < scenario.Agents.Count; n += scenario.Agents[g].Count, g++) groupStart[g] = n;
        var agents = new AgentStatistics[scenario.AgentCount];
        long calls = 0, forced = 0, endedTwice = 0;
        var endTicks = scenario.DurationSeconds * TimeSpan.TicksPerSecond;
        var warnings = new List<string>();
        for (var p = 0; p < parts.Count; p++)
        {
            var (part, d) = (parts[p], drivers[p]);
            for (var q = 0; q < d.Stats.Queues.Length; q++)
            {
                d.Stats.Queues[q].ErlangC = d.Model.Queues[q].ErlangC;
                queues[part.QueueIndexes[q]] = d.Stats.Queues[q];
            }
            foreach (var a in d.Model.Agents)
                agents[groupStart[part.GroupIndexes[a.Group]] + (int)(a.Key.Id - a.Spec.Id)] = d.Stats.Agents[a.Index];
            calls += d.Stats.Arrived;
            forced += d.Forced;
            endedTwice += d.Stats.EndedTwice;
            endTicks = Math.Max(endTicks, d.Stats.LastEndTicks);
            warnings.AddRange(d.Warnings);
        }
        return new SimulationResult(scenario, (double)endTicks / TimeSpan.TicksPerSecond, wallSeconds, calls,
            queues, agents.OrderBy(a => a.Id).ToList(), forced, endedTwice, warnings);
    }

    private sealed class Driver
    {
        private const long TicksPerSecond = TimeSpan.TicksPerSecond;

        /// <summary>A repeat caller reuses the number of one of the queue's last this many new callers.</summary>
        public const int RecentNumbers = 10_000;

        private readonly Scenario _scenario;
        private readonly SimulationOptions _options;
        private readonly SimulationModel _model;
        private readonly VirtualTimeScheduler _clock;
        private readonly Dictionary<string, CallRecord> _calls = new();
        private readonly SimulationStatistics _stats;
        private readonly EngineRefs _engine;
        private readonly long _epochTicks = VirtualTimeScheduler.Epoch.UtcTicks;
        private readonly List<string> _warnings = new();
        private long _forced;

        public Driver(Scenario scenario, ActorSystem system, SimulationOptions options)
        {
            _scenario = scenario;
            _options = options;
            _model = new SimulationModel(scenario);
            _clock = VirtualTime.Of(system);
            _stats = new SimulationStatistics(_model, _calls);

            // Warnings and errors of the engine (say, an event for an unknown call): a correct run has none.
            var warnings = system.ActorOf(Props.Create(typeof(WarningCollector), _warnings), "warnings");
            system.EventStream.Subscribe(warnings, typeof(Akka.Event.Warning));
            system.EventStream.Subscribe(warnings, typeof(Akka.Event.Error));

            var behavior = new ScenarioGatewayBehavior(_model, _calls, _clock);
            var engineOptions = new EngineOptions
            {
                Dispatcher = SynchronousDispatcher.Id,
                RandomSeed = RandomStreams.SeedOf(scenario.Seed, StreamPurpose.Strategy),
                // The statistics hear every event straight from the actor that raises it: no
                // EventStream publish, no message to a recorder.
                PublishEvents = false,
                EventSink = _stats.On,
                QueueStatusEvents = false, // the statistics do not use them
            };
            _engine = QueueEngineSystem.Start(system, engineOptions,
                router => system.ActorOf(SimulatedGateway.Props(router, behavior).WithDispatcher(SynchronousDispatcher.Id), "gateway"),
                name: "engine");
        }

        public void Execute()
        {
            SetUp();
            Drive();
            Drain();
            _stats.Finish();
        }

        /// <summary>At time 0: queues, agents (logged in if a shift starts at 0 or there are no shifts), memberships.</summary>
        private void SetUp()
        {
            foreach (var q in _model.Queues)
                Ask<QueueConfigured>(_engine.Queues, new ConfigureQueue(q.Spec.Id, q.Spec.Settings));
            foreach (var a in _model.Agents)
                Ask<AgentConfigured>(_engine.Agents, new ConfigureAgent(a.Key, SettingsFor(a, LoggedInAtStart(a))));
            foreach (var a in _model.Agents)
                foreach (var (m, q) in a.Memberships.Zip(a.Queues))
                    Ask<MembershipChanged>(_engine.Queues, new SetMember(_model.Queues[q].Spec.Id, m));
        }

        private static bool LoggedInAtStart(AgentModel a) => a.Spec.Shifts.Count == 0 || a.Spec.Shifts[0].LoginSecond == 0;

        private static AgentSettings SettingsFor(AgentModel a, bool loggedIn) =>
            a.Settings with { Status = loggedIn ? AgentStatus.Available : AgentStatus.LoggedOut };

        private static T Ask<T>(IActorRef target, object message)
        {
            var task = target.Ask<T>(message);
            if (!task.IsCompleted) throw new InvalidOperationException($"{message.GetType().Name} was not answered synchronously");
            return task.Result;
        }

        // ---------------------------------------------------------------- the day

        private sealed class QueueDriver(QueueModel model, long seed)
        {
            public QueueModel Model { get; } = model;
            public Random Arrivals { get; } = RandomStreams.Create(seed, StreamPurpose.Arrivals, model.Spec.Id);
            public Random Patience { get; } = RandomStreams.Create(seed, StreamPurpose.Patience, model.Spec.Id);
            public Random ExitKey { get; } = RandomStreams.Create(seed, StreamPurpose.ExitKey, model.Spec.Id);
            public Random Repeat { get; } = RandomStreams.Create(seed, StreamPurpose.RepeatCaller, model.Spec.Id);
            /// <summary>
            /// The latest new callers (a ring of <see cref="RecentNumbers"/>) whose numbers repeat callers
            /// reuse: kept as the caller's sequence number, not its string, which would live long enough to
            /// be promoted to gen 2 and die there.
            /// </summary>
            public long[] Numbers { get; } = new long[RecentNumbers];
            public long NumbersSeen;
            /// <summary>Callers of this queue so far: call ids and new numbers count per queue, so they do not depend on other queues.</summary>
            public long Callers;
            public double NextSecond;
        }

        /// <summary>Feeds arrivals and shift changes in at their times, up to the scenario's duration.</summary>
        private void Drive()
        {
            var duration = _scenario.DurationSeconds;
            var durationTicks = duration * TicksPerSecond;
            var queues = _model.Queues.Select(q => new QueueDriver(q, _scenario.Seed)).ToArray();
            var arrivals = new PriorityQueue<QueueDriver, (long Ticks, int Queue)>();
            foreach (var d in queues)
            {
                d.NextSecond = NextArrival(d, 0);
                if (d.NextSecond < duration) arrivals.Enqueue(d, (ToTicks(d.NextSecond), d.Model.Index));
            }

            // Shift changes strictly inside the run; one at the very end would empty the drain of agents.
            var shifts = new List<(long Ticks, int Agent, bool Login)>();
            foreach (var a in _model.Agents)
                foreach (var s in a.Spec.Shifts)
                {
                    if (s.LoginSecond > 0) shifts.Add((s.LoginSecond * TicksPerSecond, a.Index, true));
                    if (s.LogoutSecond < duration) shifts.Add((s.LogoutSecond * TicksPerSecond, a.Index, false));
                }
            shifts.Sort(); // by time, then agent; a logout and a login at the same second cannot be the same agent's
            var nextShift = 0;

            var progressStep = Math.Max(1, durationTicks / 200);
            var nextProgress = 0L;
            while (true)
            {
                var arrivalTicks = arrivals.TryPeek(out _, out var key) ? key.Ticks : long.MaxValue;
                var shiftTicks = nextShift < shifts.Count ? shifts[nextShift].Ticks : long.MaxValue;
                var next = Math.Min(arrivalTicks, shiftTicks);
                if (next >= durationTicks) break;
                if (next >= nextProgress && _options.Progress is { } progress)
                {
                    progress(new SimulationProgress((double)next / TicksPerSecond, duration, _stats.Arrived));
                    nextProgress = next + progressStep;
                }
                _clock.AdvanceTo(new DateTimeOffset(_epochTicks + next, TimeSpan.Zero));
                if (shiftTicks <= arrivalTicks)
                {
                    var (_, agent, login) = shifts[nextShift++];
                    var a = _model.Agents[agent];
                    _engine.Agents.Tell(new ConfigureAgent(a.Key, SettingsFor(a, login)), ActorRefs.NoSender);
                    continue;
                }
                var d = arrivals.Dequeue();
                Arrive(d, next);
                d.NextSecond = NextArrival(d, d.NextSecond);
                if (d.NextSecond < duration) arrivals.Enqueue(d, (ToTicks(d.NextSecond), d.Model.Index));
            }
            _clock.AdvanceTo(new DateTimeOffset(_epochTicks + durationTicks, TimeSpan.Zero));
            _options.Progress?.Invoke(new SimulationProgress(duration, duration, _stats.Arrived));
        }

        /// <summary>The next arrival of a Poisson process whose rate is constant on each schedule interval.</summary>
        private double NextArrival(QueueDriver d, double from)
        {
            var duration = _scenario.DurationSeconds;
            var t = from;
            while (t < duration)
            {
                var (rate, until) = d.Model.Spec.RateAt(t, duration);
                if (rate > 0)
                {
                    // Memoryless: a gap that crosses into the next interval restarts there at the new rate.
                    var gap = -Math.Log(1.0 - d.Arrivals.NextDouble()) * 3600.0 / rate;
                    if (t + gap < until) return t + gap;
                }
                t = until;
            }
            return double.PositiveInfinity;
        }

        private static long ToTicks(double seconds) => (long)Math.Round(seconds * TicksPerSecond);

        private void Arrive(QueueDriver d, long ticks)
        {
            var q = d.Model.Spec;
            var seq = ++d.Callers;
            var callId = string.Create(CultureInfo.InvariantCulture, $"c{q.Id}-{seq}");
            string number;
            if (q.RepeatCallerFraction > 0 && d.NumbersSeen > 0 && d.Repeat.NextDouble() < q.RepeatCallerFraction)
                number = NumberOf(q, d.Numbers[d.Repeat.Next((int)Math.Min(d.NumbersSeen, RecentNumbers))]);
            else
            {
                number = NumberOf(q, seq);
                if (q.RepeatCallerFraction > 0) d.Numbers[d.NumbersSeen++ % RecentNumbers] = seq;
            }

            var call = new CallRecord(d.Model.Index, ticks) { StartSoundPending = q.Settings.StartSound is not null };
            _calls.Add(callId, call);
            _stats.OnArrival(call);

            // The caller's own moves (hanging up, pressing the exit key) are scheduled here and
            // cancelled once the caller is answered or gone (CallRecord.Settle), so that the scheduler
            // drops them instead of holding them, and the call's id, for minutes of virtual time.
            if (q.Patience is { } patience)
                call.AddMove(Schedule(ScenarioGatewayBehavior.Seconds(patience.Sample(d.Patience)), new CallerMove(this, callId, null)));
            if (q.ExitKeyProbability > 0 && d.ExitKey.NextDouble() < q.ExitKeyProbability)
            {
                var at = q.Patience?.Sample(d.ExitKey) ?? 60;
                var key = q.Settings.ExitKey!;
                call.AddMove(Schedule(ScenarioGatewayBehavior.Seconds(at), new CallerMove(this, callId, key)));
            }
            _engine.GatewayEvents.Tell(new CallEntered(callId, q.Id, number, null), ActorRefs.NoSender);
        }

        /// <summary>The phone number of a queue's <paramref name="seq"/>-th new caller.</summary>
        private static string NumberOf(QueueSpec q, long seq) => string.Create(CultureInfo.InvariantCulture, $"+1{q.Id}{seq:D9}");

        private CallerMove Schedule(TimeSpan delay, CallerMove move)
        {
            _clock.ScheduleOnce(delay, move, move);
            return move;
        }

        /// <summary>
        /// A caller's own move, due later: hang up (no digit) or press the exit key. One small object
        /// per move, which is also its cancel handle, rather than a closure and a delegate.
        /// </summary>
        private sealed class CallerMove(Driver driver, string callId, string? digit) : TimerHandle, Akka.Dispatch.IRunnable
        {
            public void Run() => driver.CallerActs(callId, digit);

            public void Execute() => Run();
        }

        /// <summary>
        /// A caller still waiting (not answered, not gone) hangs up or presses a key. It goes through
        /// the simulated gateway, which then forgets the call's pending events (say, the end of its
        /// start sound) once the call is over.
        /// </summary>
        private void CallerActs(string callId, string? digit)
        {
            if (!_calls.TryGetValue(callId, out var call) || call.AnsweredTicks >= 0) return;
            ICallEvent e = digit is null ? new CallHangup(callId) : new CallDtmf(callId, digit);
            _engine.Gateway.Tell(new SimulatedGateway.InjectEvent(callId, TimeSpan.Zero, e), ActorRefs.NoSender);
        }

        /// <summary>No more arrivals: serve the callers still in the system until they end.</summary>
        private void Drain()
        {
            var limit = new DateTimeOffset(_epochTicks + _scenario.DurationSeconds * TicksPerSecond, TimeSpan.Zero) + _options.DrainLimit;
            while (_stats.Live > 0 && _clock.RunNext(limit))
            {
            }
            if (_stats.Live == 0) return;

            // Still there (e.g. nobody left to serve them): they hang up now.
            _clock.AdvanceTo(limit);
            _forced = _stats.Live;
            foreach (var callId in _calls.Keys.OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).ToList())
                _engine.Gateway.Tell(new SimulatedGateway.InjectEvent(callId, TimeSpan.Zero, new CallHangup(callId)), ActorRefs.NoSender);
            while (_stats.Live > 0 && _clock.RunNext(limit))
            {
            }
        }

        public SimulationStatistics Stats => _stats;
        public SimulationModel Model => _model;
        public long Forced => _forced;
        public IReadOnlyList<string> Warnings => _warnings;
    }

    /// <summary>Keeps the first warnings and errors logged during the run (on the driving thread).</summary>
    private sealed class WarningCollector(List<string> into) : UntypedActor
    {
        private const int Keep = 100;

        protected override void OnReceive(object message)
        {
            if (message is Akka.Event.LogEvent e && into.Count < Keep) into.Add($"{e.LogLevel()}: {e.LogSource}: {e.Message}");
        }
    }
}
