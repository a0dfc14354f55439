using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>
/// Thousands of random operations over agents in several queues, checking after every step
/// that no agent is ever offered two calls at once, that every caller ends exactly once, that
/// counters never go negative, and that everything drains back to zero.
/// </summary>
public sealed class RandomizedInvariantTests : EngineTestKit
{
    private static readonly long[] Queues = [11, 12, 13];
    private const int AgentCount = 9;

    private readonly HashSet<string> _entered = new();
    private readonly Dictionary<string, int> _ends = new();
    // External view of each agent, rebuilt from what the gateway saw: the leg ringing it, the call it talks in.
    private readonly Dictionary<AgentKey, string> _ringing = new();
    private readonly Dictionary<AgentKey, string> _talking = new();
    private readonly Dictionary<string, Ring> _openLegs = new();
    private int _seen;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Invariants_hold_under_random_operations(int seed)
    {
        var rnd = new Random(seed);
        var strategies = Enum.GetValues<StrategyKind>();
        foreach (var q in Queues)
        {
            Queue(q, QueueSettings.Default with
            {
                Strategy = strategies[rnd.Next(strategies.Length)],
                ExitWithNoAvAgents = rnd.Next(2) == 0,
                MaxWaitTime = rnd.Next(3) == 0 ? 0 : rnd.Next(30, 120),
                MaxWaitTimeWithNoAgent = rnd.Next(2) == 0 ? 0 : rnd.Next(10, 40),
                TierRulesApply = rnd.Next(2) == 0,
                TierRuleWaitSecond = rnd.Next(0, 10),
                ExitKey = "#",
                TrySameAgentTime = rnd.Next(2) == 0 ? 0 : 300,
                StartSound = rnd.Next(2) == 0 ? null : 5,
                AgentHangupAction = rnd.Next(3) switch { 0 => null, 1 => AgentHangupAction.Transfer, _ => AgentHangupAction.QualityRate },
                AgentHangupTransferDst = "900",
                QualityRateMax = 5,
                AnnounceSound = 6,
                AnnounceFrequency = rnd.Next(2) == 0 ? 0 : 7,
                PositionAnnounceFrequency = rnd.Next(2) == 0 ? 0 : 9,
                SkipBusyAgents = rnd.Next(2) == 0,
            });
        }
        Behavior.DefaultSoundLength = TimeSpan.FromSeconds(3);
        Behavior.Digits = _ => rnd.Next(3) == 0 ? null : (rnd.Next(0, 8).ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(rnd.Next(1, 12)));

        var agents = new List<AgentKey>();
        for (var i = 1; i <= AgentCount; i++)
        {
            var key = Agent(i, new AgentSettings
            {
                Name = $"a{i}", ExtensionId = 100 + i, CallTimeout = rnd.Next(5, 20), WrapUpTime = rnd.Next(0, 5),
                BusyDelayTime = rnd.Next(0, 4), NoAnswerDelayTime = rnd.Next(0, 4), RejectDelayTime = rnd.Next(0, 4),
            });
            agents.Add(key);
            foreach (var q in Queues)
                if (rnd.Next(2) == 0) Member(q, key, rnd.Next(0, 3), rnd.Next(0, 5));
        }

        var callNo = 0;
        for (var step = 0; step < 3000; step++)
        {
            switch (rnd.Next(14))
            {
                case 0 or 1 or 2:
                    var id = $"c{++callNo}";
                    _entered.Add(id);
                    Enter(id, Queues[rnd.Next(Queues.Length)], number: $"+{rnd.Next(1, 40)}");
                    break;
                case 3 or 4:
                    if (Pick(rnd, _openLegs.Values) is { } ring)
                        Leg(ring.LegId, (LegEventKind)rnd.Next(0, 5)); // answered, busy, rejected, no_answer, failed
                    break;
                case 5:
                    if (Pick(rnd, _entered.Where(c => !_ends.ContainsKey(c))) is { } caller) Send(new CallHangup(caller));
                    break;
                case 6:
                    if (_talking.Count > 0)
                    {
                        var (agent, call) = Pick(rnd, _talking.ToList());
                        _talking.Remove(agent); // the agent's part of the call is over
                        Send(new LegEvent(call, LastAnsweredLeg(call, agent), LegEventKind.Hangup));
                    }
                    break;
                case 7:
                    if (Pick(rnd, _entered.Where(c => !_ends.ContainsKey(c))) is { } dtmf) Send(new CallDtmf(dtmf, rnd.Next(2) == 0 ? "#" : "1"));
                    break;
                case 8:
                    Login(agents[rnd.Next(agents.Count)], rnd.Next(3) != 0);
                    break;
                case 9:
                    var (mq, ma) = (Queues[rnd.Next(Queues.Length)], agents[rnd.Next(agents.Count)]);
                    if (rnd.Next(2) == 0) Member(mq, ma, rnd.Next(0, 3), rnd.Next(0, 5));
                    else RemoveMember(mq, ma);
                    break;
                case 10:
                    Send(new AgentExternalCall(agents[rnd.Next(agents.Count)], rnd.Next(2) == 0));
                    break;
                default:
                    Advance(rnd.NextDouble() * 4);
                    break;
            }
            CheckInvariants(step);
        }

        // Drain: every caller still there hangs up, every agent logs in, time passes.
        foreach (var c in _entered.Where(c => !_ends.ContainsKey(c)).ToList()) Send(new CallHangup(c));
        foreach (var a in agents) Send(new AgentExternalCall(a, false));
        Advance(600);
        CheckInvariants(-1);

        Assert.Equal(_entered.OrderBy(x => x), _ends.Keys.OrderBy(x => x));
        Assert.All(_ends.Values, n => Assert.Equal(1, n));
        foreach (var q in Queues) AssertStatus(q, 0, 0, 0);
        foreach (var a in agents)
        {
            var state = State(a);
            Assert.Equal(AgentLiveState.Idle, state.Snapshot.Live);
            Assert.Null(state.OfferedLeg);
            // Every logged-in member is back in its queues' eligible sets.
            foreach (var q in state.Queues)
                Assert.Equal(state.Snapshot.LoggedIn, Snapshot(q).EligibleAgents.Contains(a));
        }
        Assert.True(Published<Answer>().Count() > 50, "the run should answer a fair number of calls");
    }

    private static T? Pick<T>(Random rnd, IEnumerable<T> items)
    {
        var list = items as IList<T> ?? items.ToList();
        return list.Count == 0 ? default : list[rnd.Next(list.Count)];
    }

    private string LastAnsweredLeg(string callId, AgentKey agent) =>
        Published<Answer>().Last(a => a.CallId == callId && a.Agent == agent).LegId;

    /// <summary>Replays what happened since the last step into the external model and checks it.</summary>
    private void CheckInvariants(int step)
    {
        for (; _seen < Timeline.Count; _seen++)
        {
            switch (Timeline[_seen])
            {
                case Ring r:
                    Assert.False(_ringing.ContainsKey(r.Agent), $"step {step}: {r.Agent} rung for {r.CallId} while ringing another leg");
                    Assert.False(_talking.ContainsKey(r.Agent), $"step {step}: {r.Agent} rung for {r.CallId} while in a call");
                    _ringing[r.Agent] = r.LegId;
                    _openLegs[r.LegId] = r;
                    break;
                case CancelRing c:
                    CloseLeg(c.LegId);
                    break;
                case OfferFailed f:
                    CloseLeg(f.LegId);
                    break;
                case Answer a:
                    CloseLeg(a.LegId);
                    _talking[a.Agent] = a.CallId;
                    break;
                case CallerHangup h:
                    _ends[h.CallId] = _ends.GetValueOrDefault(h.CallId) + 1;
                    Assert.True(_ends[h.CallId] == 1, $"step {step}: {h.CallId} ended twice");
                    foreach (var talking in _talking.Where(t => t.Value == h.CallId).ToList()) _talking.Remove(talking.Key);
                    break;
                case QueueStatusChanged s:
                    Assert.True(s.Waiting >= 0 && s.Trying >= 0 && s.Answered >= 0, $"step {step}: negative counter {s}");
                    break;
            }
        }
        // Each agent's own view agrees: at most one leg, and only while ringing.
        foreach (var (agent, leg) in _ringing)
            Assert.Equal(leg, State(agent).OfferedLeg);
    }

    private void CloseLeg(string legId)
    {
        if (!_openLegs.Remove(legId, out var ring)) return;
        if (_ringing.TryGetValue(ring.Agent, out var current) && current == legId) _ringing.Remove(ring.Agent);
    }
}
