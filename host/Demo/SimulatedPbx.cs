using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace QueueEngine.Host.Demo;

/// <summary>How the simulated agents and media behave. Every duration is multiplied by <see cref="TimeScale"/>.</summary>
public sealed record PbxOptions
{
    /// <summary>Share of rings an agent answers (after <see cref="AnswerMinSeconds"/> to <see cref="AnswerMaxSeconds"/>).</summary>
    public double AnswerProbability { get; init; } = 1;

    /// <summary>Share of rings that find the agent busy (reported at once).</summary>
    public double BusyProbability { get; init; }

    /// <summary>Share of rings the agent rejects (after <see cref="AnswerMinSeconds"/> to <see cref="AnswerMaxSeconds"/>); the rest are not answered.</summary>
    public double RejectProbability { get; init; }

    /// <summary>How long a ring lasts before the agent answers or rejects: uniform in [min, max] seconds.</summary>
    public double AnswerMinSeconds { get; init; }

    public double AnswerMaxSeconds { get; init; }

    /// <summary>How long the caller takes to press a key when asked (quality rating).</summary>
    public double DigitSeconds { get; init; } = 2;

    /// <summary>Length of each sound id in seconds (what a play of it lasts); unknown sounds last 1 s.</summary>
    public IReadOnlyDictionary<long, double> SoundSeconds { get; init; } = new Dictionary<long, double>();

    /// <summary>Names for the log, by agent (<c>local-7</c>, <c>remote-9</c>).</summary>
    public IReadOnlyDictionary<string, string> AgentNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Multiplies every duration: 0.05 runs the same calls twenty times faster.</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Seed of the agents' draws; 0 = a different run each time.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// One caller as the simulated PBX places it: who calls which queue, and how the caller behaves.
/// Durations are in the PBX's seconds (multiplied by <see cref="PbxOptions.TimeScale"/>).
/// </summary>
public sealed record CallPlan(string CallId, long ExtensionId, string CallerNumber, string? CallerName)
{
    /// <summary>How long the conversation lasts once bridged.</summary>
    public double TalkSeconds { get; init; } = 30;

    /// <summary>The agent ends the conversation (<c>leg.hangup</c>) rather than the caller (<c>call.hangup</c>).</summary>
    public bool AgentHangsUp { get; init; }

    /// <summary>The caller hangs up if no agent has answered by then; null = waits as long as it takes.</summary>
    public double? PatienceSeconds { get; init; }

    /// <summary>The caller presses this key after <see cref="ExitKeyAfterSeconds"/> if still waiting.</summary>
    public string? ExitKey { get; init; }

    public double ExitKeyAfterSeconds { get; init; }

    /// <summary>What the caller keys in when asked for digits (a quality rating); null = nothing.</summary>
    public string? Digits { get; init; }
}

/// <summary>What the simulated PBX has done so far.</summary>
public sealed record PbxStats(
    long Entered, long Refused, long Answered, long CompletedByCaller, long Abandoned, long Transferred, long Voicemail,
    long HungUpByEngine, long Rings, long Commands, long Active);

/// <summary>
/// A small PBX that speaks the gateway protocol over HTTP (<see cref="GatewayClient"/>): it places
/// calls (<c>call.entered</c>) and plays both the callers and the agents in answer to the engine's
/// commands: a <c>ring</c> is answered, busy, rejected or left ringing (<see cref="PbxOptions"/>);
/// a <c>bridge</c> starts the conversation, which one side ends after the plan's talk time; a
/// <c>play</c> with a <c>playback_id</c> reports <c>playback.finished</c> after the sound's length
/// (plays of a call run one after another; <c>stop_playback</c> drops the queued ones);
/// <c>collect_digits</c> gets the plan's digits; <c>transfer</c>, <c>voicemail</c> and <c>hangup</c>
/// end the call. A caller with limited patience hangs up while waiting (<c>call.hangup</c>), and one
/// with an exit key presses it (<c>call.dtmf</c>). Delays are real time (<see cref="Task.Delay(TimeSpan, CancellationToken)"/>).
/// </summary>
public sealed class SimulatedPbx
{
    private sealed class Call(CallPlan plan, CancellationTokenSource cts)
    {
        public CallPlan Plan { get; } = plan;
        public CancellationTokenSource Cts { get; } = cts;
        public CancellationToken Token { get; } = cts.Token;
        public bool Answered;
        public bool Over;
        public readonly Dictionary<string, string> Legs = new(StringComparer.Ordinal); // ringing leg → agent label
        public long MediaFreeAt;
        public int MediaGeneration;
    }

    private readonly GatewayClient _gateway;
    private readonly PbxOptions _options;
    private readonly ILogger _log;
    private readonly Random _random;
    private readonly ConcurrentDictionary<string, Call> _calls = new(StringComparer.Ordinal);
    private CancellationToken _stopping;
    private long _entered, _refused, _answered, _completed, _abandoned, _transferred, _voicemail, _hungUp, _rings, _commands;

    public SimulatedPbx(GatewayClient gateway, PbxOptions options, ILogger log)
    {
        _gateway = gateway;
        _options = options;
        _log = log;
        _random = options.Seed == 0 ? new Random() : new Random(options.Seed);
    }

    /// <summary>Every command, with the timestamp it was read at, before the PBX acts on it (on the reading task).</summary>
    public event Action<PbxCommand, long>? CommandReceived;

    public GatewayClient Gateway => _gateway;

    /// <summary>Calls placed and not over yet.</summary>
    public int ActiveCalls => _calls.Count;

    public PbxStats Stats => new(
        Interlocked.Read(ref _entered), Interlocked.Read(ref _refused), Interlocked.Read(ref _answered), Interlocked.Read(ref _completed),
        Interlocked.Read(ref _abandoned), Interlocked.Read(ref _transferred), Interlocked.Read(ref _voicemail), Interlocked.Read(ref _hungUp),
        Interlocked.Read(ref _rings), Interlocked.Read(ref _commands), _calls.Count);

    /// <summary>
    /// Follows the command stream until <paramref name="ct"/> is cancelled; <paramref name="connected"/>
    /// completes once the stream is open (place calls only after that, or their first commands are missed).
    /// </summary>
    public Task RunAsync(TaskCompletionSource? connected, CancellationToken ct)
    {
        _stopping = ct;
        return _gateway.FollowCommandsAsync(OnCommand, connected, ct);
    }

    /// <summary>Places a call: <c>call.entered</c>, then the caller's own patience and exit key. Answers the HTTP status.</summary>
    public async Task<int> PlaceCallAsync(CallPlan plan, CancellationToken ct)
    {
        var call = new Call(plan, CancellationTokenSource.CreateLinkedTokenSource(_stopping, ct));
        if (!_calls.TryAdd(plan.CallId, call)) throw new ArgumentException($"Call {plan.CallId} is already placed", nameof(plan));
        Interlocked.Increment(ref _entered);
        if (plan.PatienceSeconds is { } patience)
            Later(call, patience, () => CallerLeaves(call));
        if (plan.ExitKey is { } key)
            Later(call, plan.ExitKeyAfterSeconds, () => PressExitKey(call, key));
        Info("Call {CallId} from {CallerNumber} enters queue {ExtensionId}", plan.CallId, plan.CallerNumber, plan.ExtensionId);

        var status = await _gateway.PostAsync(Event("call.entered", plan.CallId,
            ("extension_id", plan.ExtensionId), ("caller_number", plan.CallerNumber), ("caller_name", plan.CallerName)), ct).ConfigureAwait(false);
        if (status != 202)
        {
            Interlocked.Increment(ref _refused);
            Finish(call, "refused by the engine");
        }
        return status;
    }

    // ------------------------------------------------------------------ commands

    private void OnCommand(PbxCommand command, long at)
    {
        Interlocked.Increment(ref _commands);
        CommandReceived?.Invoke(command, at);
        if (!_calls.TryGetValue(command.CallId, out var call)) return; // a call of another gateway, or over
        switch (command.Name)
        {
            case "ring":
                OnRing(call, command);
                break;
            case "cancel_ring":
                lock (call)
                    if (call.Legs.Remove(command.Text("leg_id") ?? "", out var agent)) Info("Ring of {Agent} for call {CallId} cancelled", agent, call.Plan.CallId);
                break;
            case "bridge":
                OnBridge(call, command.Text("leg_id") ?? "");
                break;
            case "play" when !command.Flag("loop") && command.Text("playback_id") is { } playbackId:
                OnPlay(call, playbackId, command.Number("sound_id"));
                break;
            case "stop_playback":
                lock (call)
                {
                    call.MediaGeneration++;
                    call.MediaFreeAt = Stopwatch.GetTimestamp();
                }
                break;
            case "collect_digits" when command.Text("request_id") is { } requestId:
                var digits = call.Plan.Digits ?? "";
                Later(call, _options.DigitSeconds, () => Post(call, Event("digits.collected", call.Plan.CallId,
                    ("request_id", requestId), ("digits", digits))));
                break;
            case "transfer":
                Interlocked.Increment(ref _transferred);
                Finish(call, $"transferred to {command.Text("destination")}");
                break;
            case "voicemail":
                Interlocked.Increment(ref _voicemail);
                Finish(call, "sent to voicemail");
                break;
            case "hangup":
                Interlocked.Increment(ref _hungUp);
                Finish(call, "hung up by the engine");
                break;
        }
    }

    private void OnRing(Call call, PbxCommand ring)
    {
        Interlocked.Increment(ref _rings);
        var legId = ring.Text("leg_id") ?? "";
        var key = $"{ring.Text("agent_kind")}-{ring.Number("agent_id")}";
        var agent = _options.AgentNames.TryGetValue(key, out var name) ? $"{name} ({key})" : key;
        lock (call) call.Legs[legId] = agent;
        Info("Ringing {Agent} for call {CallId}", agent, call.Plan.CallId);

        double draw, delay;
        lock (_random)
        {
            draw = _random.NextDouble();
            delay = _options.AnswerMinSeconds + _random.NextDouble() * Math.Max(0, _options.AnswerMaxSeconds - _options.AnswerMinSeconds);
        }
        if (draw < _options.BusyProbability)
            LegOutcome(call, legId, 0, "leg.busy", "is busy for");
        else if (draw < _options.BusyProbability + _options.RejectProbability)
            LegOutcome(call, legId, delay, "leg.rejected", "rejects");
        else if (draw < _options.BusyProbability + _options.RejectProbability + _options.AnswerProbability)
            LegOutcome(call, legId, delay, "leg.answered", "answers");
        // else: nobody picks up; the engine cancels the ring at the agent's call_timeout.
    }

    private void LegOutcome(Call call, string legId, double afterSeconds, string eventName, string what) =>
        Later(call, afterSeconds, () =>
        {
            string? agent;
            lock (call)
            {
                if (!call.Legs.TryGetValue(legId, out agent)) return Task.CompletedTask; // cancelled meanwhile
                if (eventName != "leg.answered") call.Legs.Remove(legId);
            }
            Info("{Agent} {What} call {CallId}", agent, what, call.Plan.CallId);
            return Post(call, Event(eventName, call.Plan.CallId, ("leg_id", legId)));
        });

    private void OnBridge(Call call, string legId)
    {
        string agent;
        lock (call)
        {
            if (call.Answered) return;
            call.Answered = true;
            agent = call.Legs.GetValueOrDefault(legId) ?? "an agent";
            call.Legs.Clear();
        }
        Interlocked.Increment(ref _answered);
        var plan = call.Plan;
        Info("Call {CallId} talks to {Agent} for {TalkSeconds:0.#} s", plan.CallId, agent, plan.TalkSeconds * _options.TimeScale);
        Later(call, plan.TalkSeconds, () =>
        {
            if (plan.AgentHangsUp)
            {
                Info("{Agent} ends call {CallId}", agent, plan.CallId);
                return Post(call, Event("leg.hangup", plan.CallId, ("leg_id", legId)));
            }
            Interlocked.Increment(ref _completed);
            Finish(call, "the caller hung up after the conversation");
            return Post(call, Event("call.hangup", plan.CallId), evenIfOver: true);
        });
    }

    private void OnPlay(Call call, string playbackId, long? soundId)
    {
        var seconds = soundId is { } id && _options.SoundSeconds.TryGetValue(id, out var s) ? s : 1;
        long now = Stopwatch.GetTimestamp(), end;
        int generation;
        lock (call)
        {
            // The PBX plays one call's sounds one after another.
            var start = Math.Max(now, call.MediaFreeAt);
            end = start + (long)(seconds * _options.TimeScale * Stopwatch.Frequency);
            call.MediaFreeAt = end;
            generation = call.MediaGeneration;
        }
        var wait = (double)(end - now) / Stopwatch.Frequency / _options.TimeScale;
        Later(call, wait, () =>
        {
            lock (call)
                if (call.MediaGeneration != generation) return Task.CompletedTask; // stopped before it ended
            return Post(call, Event("playback.finished", call.Plan.CallId, ("playback_id", playbackId)));
        });
    }

    // ------------------------------------------------------------------ the caller's side

    private Task CallerLeaves(Call call)
    {
        lock (call)
            if (call.Answered || call.Over) return Task.CompletedTask;
        Interlocked.Increment(ref _abandoned);
        Finish(call, "the caller hung up while waiting");
        return Post(call, Event("call.hangup", call.Plan.CallId), evenIfOver: true);
    }

    private Task PressExitKey(Call call, string key)
    {
        lock (call)
            if (call.Answered || call.Over) return Task.CompletedTask;
        Info("The caller of call {CallId} presses {Key}", call.Plan.CallId, key);
        return Post(call, Event("call.dtmf", call.Plan.CallId, ("digit", key)));
    }

    // ------------------------------------------------------------------ helpers

    private void Finish(Call call, string how)
    {
        lock (call)
        {
            if (call.Over) return;
            call.Over = true;
        }
        _calls.TryRemove(call.Plan.CallId, out _);
        Info("Call {CallId} is over: {How}", call.Plan.CallId, how);
        call.Cts.Cancel(); // drops whatever the call still had planned
        call.Cts.Dispose();
    }

    private Task Post(Call call, JsonObject e, bool evenIfOver = false)
    {
        lock (call)
            if (call.Over && !evenIfOver) return Task.CompletedTask;
        // Sent even when the call's own plans are cancelled (the caller's last hang-up), but not after the PBX stops.
        return _gateway.PostAsync(e, _stopping);
    }

    /// <summary>Runs <paramref name="action"/> after that many PBX seconds, unless the call is over first.</summary>
    private void Later(Call call, double seconds, Func<Task> action) => _ = RunLater(call.Token, seconds * _options.TimeScale, action);

    private async Task RunLater(CancellationToken token, double seconds, Func<Task> action)
    {
        try
        {
            if (seconds > 0) await Task.Delay(TimeSpan.FromSeconds(seconds), token).ConfigureAwait(false);
            else await Task.Yield(); // never on the task that reads the command stream
            if (token.IsCancellationRequested) return;
            await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the call is over or the PBX stopped
        }
        catch (Exception e)
        {
            _log.LogError(e, "The simulated PBX failed to act");
        }
    }

    private static JsonObject Event(string name, string callId, params (string Field, object? Value)[] fields)
    {
        var o = new JsonObject { ["event"] = name, ["call_id"] = callId };
        foreach (var (field, value) in fields)
            o[field] = value switch
            {
                null => null,
                long n => n,
                string s => s,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        return o;
    }

    private void Info(string message, params object?[] args)
    {
#pragma warning disable CA2254 // the templates are the constants above
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation(message, args);
#pragma warning restore CA2254
    }
}
