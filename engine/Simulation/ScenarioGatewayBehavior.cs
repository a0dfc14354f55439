using QueueEngine.Clock;
using QueueEngine.Domain;
using QueueEngine.Gateway;

namespace QueueEngine.Simulation;

/// <summary>
/// The simulated telephony of a scenario: how each rung agent reacts (busy at once, reject or
/// answer after <c>answer_seconds</c>, otherwise no answer until the engine's ring timeout), how
/// long a conversation lasts, how long the start sound plays, and the caller's rating.
/// </summary>
/// <remarks>
/// Who ends the conversation: the agent when the queue has an <c>agent_hangup_action</c> (so the
/// transfer or rating applies), else the caller. A rating caller presses a digit drawn uniformly
/// from 1..<c>quality_rate_max</c>, <see cref="RatingDelay"/> after the prompt.
/// </remarks>
internal sealed class ScenarioGatewayBehavior : IGatewayBehavior
{
    public static readonly TimeSpan RatingDelay = TimeSpan.FromSeconds(2);

    private readonly SimulationModel _model;
    private readonly Dictionary<string, CallRecord> _calls;
    private readonly VirtualTimeScheduler _clock;
    private readonly Random[] _outcome;
    private readonly Random[] _answer;
    private readonly Random[] _talk;
    private readonly Random[] _rating;
    private readonly Dictionary<long, double> _soundSeconds;
    private readonly long _epochTicks = VirtualTimeScheduler.Epoch.UtcTicks;

    public ScenarioGatewayBehavior(SimulationModel model, Dictionary<string, CallRecord> calls, VirtualTimeScheduler clock)
    {
        _model = model;
        _calls = calls;
        _clock = clock;
        var seed = model.Scenario.Seed;
        // One stream per agent group or queue, never one for the whole run: see ScenarioPartitioner.
        _outcome = model.Scenario.Agents.Select(g => RandomStreams.Create(seed, StreamPurpose.RingOutcome, g.Id)).ToArray();
        _answer = model.Scenario.Agents.Select(g => RandomStreams.Create(seed, StreamPurpose.AnswerDelay, g.Id)).ToArray();
        _talk = model.Scenario.Agents.Select(g => RandomStreams.Create(seed, StreamPurpose.TalkTime, g.Id)).ToArray();
        _rating = model.Scenario.Queues.Select(q => RandomStreams.Create(seed, StreamPurpose.Rating, q.Id)).ToArray();
        _soundSeconds = model.Scenario.Sounds.ToDictionary(s => s.Id, s => s.DurationSeconds);
    }

    public AgentReaction? OnRing(Ring ring)
    {
        if (!_model.AgentIndex.TryGetValue(ring.Agent, out var index)) return null;
        var agent = _model.Agents[index];
        var g = agent.Spec;
        var u = _outcome[agent.Group].NextDouble();
        if (u < g.BusyProbability) return new AgentReaction(LegEventKind.Busy, TimeSpan.Zero);
        if (u < g.BusyProbability + g.RejectProbability)
            return new AgentReaction(LegEventKind.Rejected, Seconds(g.Answer.Sample(_answer[agent.Group])));
        if (u < g.BusyProbability + g.RejectProbability + g.AnswerProbability)
        {
            var after = Seconds(g.Answer.Sample(_answer[agent.Group]));
            var talk = Seconds(g.Talk.Sample(_talk[agent.Group]));
            var agentHangsUp = _calls.TryGetValue(ring.CallId, out var call)
                && _model.Queues[call.Queue].Spec.Settings.AgentHangupAction is not null;
            return new AgentReaction(LegEventKind.Answered, after, talk, agentHangsUp);
        }
        return null; // no answer: rings until the engine's ring timeout
    }

    /// <summary>Only the start sound's end is reported: it is the only playback the engine waits for.</summary>
    public TimeSpan? PlaybackDuration(Play play)
    {
        if (play.SoundId is not { } sound || !_calls.TryGetValue(play.CallId, out var call) || !call.StartSoundPending) return null;
        if (_model.Queues[call.Queue].Spec.Settings.StartSound != sound) return null;
        call.StartSoundPending = false;
        return Seconds(_soundSeconds.GetValueOrDefault(sound));
    }

    public (string Digits, TimeSpan After)? OnCollectDigits(CollectDigits request)
    {
        // The prompt goes out when the agent hangs up: that is where the agent's talk ended.
        if (!_calls.TryGetValue(request.CallId, out var call)) return null;
        call.AgentHangupTicks = _clock.Now.UtcTicks - _epochTicks;
        if (request.MaxDigit <= 0) return null;
        var digit = 1 + _rating[call.Queue].Next(Math.Min(request.MaxDigit, 9));
        return (((char)('0' + digit)).ToString(), RatingDelay);
    }

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(Math.Max(0, seconds) * TimeSpan.TicksPerSecond));
}
