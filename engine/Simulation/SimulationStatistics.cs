using QueueEngine.Events;

namespace QueueEngine.Simulation;

/// <summary>A caller of the run, from its arrival until its end.</summary>
internal sealed class CallRecord(int queue, long enteredTicks)
{
    public int Queue { get; } = queue;
    public long EnteredTicks { get; } = enteredTicks;
    public long AnsweredTicks { get; set; } = -1;
    public int Agent { get; set; } = -1;
    /// <summary>When the agent hung up (the caller then rates the call); -1 if the caller ended the talk.</summary>
    public long AgentHangupTicks { get; set; } = -1;
    public bool StartSoundPending { get; set; }

    // The caller's own pending moves (hang up, exit key), cancelled once it is answered or gone.
    private List<Clock.TimerHandle>? _moves;

    public void AddMove(Clock.TimerHandle move) => (_moves ??= new(2)).Add(move);

    public void Settle()
    {
        if (_moves is null) return;
        foreach (var move in _moves) move.Cancel();
        _moves = null;
    }
}

/// <summary>Totals of one queue (the report's per-queue block) and its 15-minute intervals.</summary>
public sealed class QueueStatistics(long id, int intervals)
{
    public long Id { get; } = id;
    public long Offered { get; internal set; }
    public long Answered { get; internal set; }
    public long Abandoned { get; internal set; }
    public long Timeout { get; internal set; }
    public long NoAgentTimeout { get; internal set; }
    public long NoAgentsOnEntry { get; internal set; }
    public long ExitKey { get; internal set; }
    public long Voicemail { get; internal set; }
    /// <summary>Callers that waited more than zero seconds (answered or not).</summary>
    public long Waited { get; internal set; }
    public long AnsweredWithinServiceLevel { get; internal set; }
    public double SumAnswerWaitSeconds { get; internal set; }
    public double SumWaitSeconds { get; internal set; }
    public double MaxWaitSeconds { get; internal set; }
    public double SumTalkSeconds { get; internal set; }
    public long RatingSum { get; internal set; }
    public long Ratings { get; internal set; }
    /// <summary>Busy and logged-in seconds of the queue's member agents, within the scenario's duration.</summary>
    public double AgentBusySeconds { get; internal set; }
    public double AgentLoggedInSeconds { get; internal set; }

    /// <summary>Ended callers, each counted once under its reason.</summary>
    public long Ended => Answered + Abandoned + Timeout + NoAgentTimeout + NoAgentsOnEntry + ExitKey;

    public double? AsaSeconds => Answered > 0 ? SumAnswerWaitSeconds / Answered : null;
    public double? AvgWaitSeconds => Offered > 0 ? SumWaitSeconds / Offered : null;
    public double? ServiceLevel => Offered > 0 ? (double)AnsweredWithinServiceLevel / Offered : null;
    public double? WaitProbability => Offered > 0 ? (double)Waited / Offered : null;
    public double? AvgTalkSeconds => Answered > 0 ? SumTalkSeconds / Answered : null;
    public double? AvgRating => Ratings > 0 ? (double)RatingSum / Ratings : null;
    public double? Occupancy => AgentLoggedInSeconds > 0 ? AgentBusySeconds / AgentLoggedInSeconds : null;

    /// <summary>Per 15-minute interval, by the interval in which the caller arrived.</summary>
    public IntervalStatistics[] Intervals { get; } = Enumerable.Range(0, intervals).Select(i => new IntervalStatistics(i)).ToArray();

    /// <summary>The Erlang C prediction when the queue is an M/M/c system (see <see cref="MmcModel"/>).</summary>
    public ErlangCPrediction? ErlangC { get; internal set; }
}

/// <summary>One 15-minute interval of one queue.</summary>
public sealed class IntervalStatistics(int index)
{
    public const int Seconds = 900;

    public int Index { get; } = index;
    public int StartSecond => Index * Seconds;
    public long Offered { get; internal set; }
    public long Answered { get; internal set; }
    public long Abandoned { get; internal set; }
    public long AnsweredWithinServiceLevel { get; internal set; }
    public double SumAnswerWaitSeconds { get; internal set; }
    /// <summary>Logged-in and busy seconds of the queue's member agents inside the interval.</summary>
    public double AgentLoggedInSeconds { get; internal set; }
    public double AgentBusySeconds { get; internal set; }

    public double? ServiceLevel => Offered > 0 ? (double)AnsweredWithinServiceLevel / Offered : null;
    public double? AsaSeconds => Answered > 0 ? SumAnswerWaitSeconds / Answered : null;
    public double? Occupancy => AgentLoggedInSeconds > 0 ? AgentBusySeconds / AgentLoggedInSeconds : null;
}

/// <summary>Totals of one agent.</summary>
public sealed class AgentStatistics(long id)
{
    public long Id { get; } = id;
    public long Answered { get; internal set; }
    public double TalkSeconds { get; internal set; }
    /// <summary>Talk plus wrap-up, within the scenario's duration.</summary>
    public double BusySeconds { get; internal set; }
    public double LoggedInSeconds { get; internal set; }
    public double? Occupancy => LoggedInSeconds > 0 ? BusySeconds / LoggedInSeconds : null;

    // Live tracking.
    internal long LoginTicks = -1;
    internal long BusyUntilTicks;
}

/// <summary>
/// Turns the engine's events into the report's figures. Times are exact virtual times (not the
/// whole seconds some events carry), so waits and service levels have no rounding bias.
/// </summary>
internal sealed class SimulationStatistics
{
    private readonly SimulationModel _model;
    private readonly Dictionary<string, CallRecord> _calls;
    private readonly long _durationTicks;
    private readonly long _slTicks;
    private readonly long _epochTicks = Clock.VirtualTimeScheduler.Epoch.UtcTicks;

    public SimulationStatistics(SimulationModel model, Dictionary<string, CallRecord> calls)
    {
        _model = model;
        _calls = calls;
        _durationTicks = model.Scenario.DurationSeconds * TimeSpan.TicksPerSecond;
        _slTicks = model.Scenario.ServiceLevelSeconds * TimeSpan.TicksPerSecond;
        var intervals = (model.Scenario.DurationSeconds + IntervalStatistics.Seconds - 1) / IntervalStatistics.Seconds;
        Queues = model.Queues.Select(q => new QueueStatistics(q.Spec.Id, intervals)).ToArray();
        Agents = model.Agents.Select(a => new AgentStatistics(a.Key.Id)).ToArray();
    }

    public QueueStatistics[] Queues { get; }
    public AgentStatistics[] Agents { get; }

    /// <summary>Callers that arrived and have not ended yet.</summary>
    public long Live { get; private set; }
    public long Arrived { get; private set; }
    public long EndedTwice { get; private set; }
    public long LastEndTicks { get; private set; }

    private long Ticks(DateTimeOffset t) => t.UtcTicks - _epochTicks;

    private int IntervalOf(long ticks) => (int)(ticks / (IntervalStatistics.Seconds * TimeSpan.TicksPerSecond));

    public void OnArrival(CallRecord call)
    {
        Arrived++;
        Live++;
        var q = Queues[call.Queue];
        q.Offered++;
        var i = IntervalOf(call.EnteredTicks);
        if (i < q.Intervals.Length) q.Intervals[i].Offered++;
    }

    public void On(EngineEvent e)
    {
        switch (e)
        {
            case Answer a:
                OnAnswer(a);
                break;
            case CallerHangup h:
                OnEnd(h);
                break;
            case QualityRate r:
                if (_calls.TryGetValue(r.CallId, out var call))
                {
                    Queues[call.Queue].RatingSum += r.Rating;
                    Queues[call.Queue].Ratings++;
                }
                break;
            case AgentLogin l:
                if (_model.AgentIndex.TryGetValue(l.Agent, out var agent) && Agents[agent].LoginTicks < 0)
                    Agents[agent].LoginTicks = Ticks(l.Time);
                break;
            case AgentLogout o:
                if (_model.AgentIndex.TryGetValue(o.Agent, out var gone) && Agents[gone].LoginTicks >= 0)
                {
                    var at = Ticks(o.Time);
                    AddLoggedIn(gone, Agents[gone].LoginTicks, at);
                    Agents[gone].LoginTicks = -1;
                    // A logout that waited for the end of a call: the wrap-up after it is not work time.
                    if (Agents[gone].BusyUntilTicks > at)
                    {
                        Spread(gone, at, Agents[gone].BusyUntilTicks, busy: true, sign: -1);
                        Agents[gone].BusyUntilTicks = at;
                    }
                }
                break;
        }
    }

    private void OnAnswer(Answer a)
    {
        if (!_calls.TryGetValue(a.CallId, out var call)) return;
        call.AnsweredTicks = Ticks(a.Time);
        call.Settle();
        if (_model.AgentIndex.TryGetValue(a.Agent, out var agent))
        {
            call.Agent = agent;
            Agents[agent].Answered++;
        }
    }

    private void OnEnd(CallerHangup h)
    {
        if (!_calls.Remove(h.CallId, out var call))
        {
            EndedTwice++; // never expected: every caller ends exactly once
            return;
        }
        call.Settle();
        Live--;
        var now = Ticks(h.Time);
        LastEndTicks = Math.Max(LastEndTicks, now);
        var q = Queues[call.Queue];
        var interval = IntervalOf(call.EnteredTicks);
        var iv = interval < q.Intervals.Length ? q.Intervals[interval] : null;
        var answered = call.AnsweredTicks >= 0;
        var waitTicks = (answered ? call.AnsweredTicks : now) - call.EnteredTicks;
        var wait = (double)waitTicks / TimeSpan.TicksPerSecond;
        q.SumWaitSeconds += wait;
        if (wait > q.MaxWaitSeconds) q.MaxWaitSeconds = wait;
        if (waitTicks > 0) q.Waited++;
        if (h.Action == EndAction.Voicemail) q.Voicemail++;

        switch (h.Reason)
        {
            case HangupReason.Completed:
                q.Answered++;
                q.SumAnswerWaitSeconds += wait;
                if (waitTicks <= _slTicks) q.AnsweredWithinServiceLevel++;
                if (iv is not null)
                {
                    iv.Answered++;
                    iv.SumAnswerWaitSeconds += wait;
                    if (waitTicks <= _slTicks) iv.AnsweredWithinServiceLevel++;
                }
                var talkEnd = call.AgentHangupTicks >= 0 ? call.AgentHangupTicks : now;
                var talk = (double)(talkEnd - call.AnsweredTicks) / TimeSpan.TicksPerSecond;
                q.SumTalkSeconds += talk;
                if (call.Agent >= 0) AddBusy(call.Agent, call.AnsweredTicks, talkEnd, talk);
                break;
            case HangupReason.Abandoned:
                q.Abandoned++;
                if (iv is not null) iv.Abandoned++;
                break;
            case HangupReason.Timeout: q.Timeout++; break;
            case HangupReason.NoAgentTimeout: q.NoAgentTimeout++; break;
            case HangupReason.NoAgentsOnEntry: q.NoAgentsOnEntry++; break;
            case HangupReason.ExitKey: q.ExitKey++; break;
        }
    }

    /// <summary>The agent talked from <paramref name="from"/> to <paramref name="to"/>, then wraps up.</summary>
    private void AddBusy(int agent, long from, long to, double talkSeconds)
    {
        var a = Agents[agent];
        a.TalkSeconds += talkSeconds;
        // Wrap-up is work time only while logged in: none if the agent already logged out (a rating
        // caller ends after the agent), cut at the logout if that comes later (see AgentLogout).
        var end = a.LoginTicks >= 0 ? to + _model.Agents[agent].Settings.WrapUpTime * TimeSpan.TicksPerSecond : to;
        a.BusyUntilTicks = end;
        Spread(agent, from, end, busy: true);
    }

    private void AddLoggedIn(int agent, long from, long to) => Spread(agent, from, to, busy: false);

    /// <summary>
    /// Adds [from, to), clipped to the scenario's duration, to the agent's busy or logged-in time and
    /// to its queues' 15-minute intervals.
    /// </summary>
    private void Spread(int agent, long from, long to, bool busy, int sign = 1)
    {
        from = Math.Max(0, from);
        to = Math.Min(to, _durationTicks);
        const long intervalTicks = IntervalStatistics.Seconds * TimeSpan.TicksPerSecond;
        var a = Agents[agent];
        var queues = _model.Agents[agent].Queues;
        while (from < to)
        {
            var interval = (int)(from / intervalTicks);
            var boundary = Math.Min(to, (interval + 1) * intervalTicks);
            var seconds = sign * (double)(boundary - from) / TimeSpan.TicksPerSecond;
            if (busy) a.BusySeconds += seconds;
            else a.LoggedInSeconds += seconds;
            foreach (var q in queues)
            {
                var qs = Queues[q];
                if (busy)
                {
                    qs.AgentBusySeconds += seconds;
                    qs.Intervals[interval].AgentBusySeconds += seconds;
                }
                else
                {
                    qs.AgentLoggedInSeconds += seconds;
                    qs.Intervals[interval].AgentLoggedInSeconds += seconds;
                }
            }
            from = boundary;
        }
    }

    /// <summary>Agents still logged in at the end count as logged in until the end of the scenario.</summary>
    public void Finish()
    {
        for (var i = 0; i < Agents.Length; i++)
        {
            if (Agents[i].LoginTicks < 0) continue;
            AddLoggedIn(i, Agents[i].LoginTicks, _durationTicks);
            Agents[i].LoginTicks = -1;
        }
    }
}
