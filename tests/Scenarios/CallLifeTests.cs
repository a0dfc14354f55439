using QueueEngine.Agents;
using QueueEngine.Domain;
using QueueEngine.Events;
using QueueEngine.Gateway;
using QueueEngine.Tests.Support;

namespace QueueEngine.Tests.Scenarios;

/// <summary>The caller's life of QUEUE-SPEC §2, step by step, in virtual time.</summary>
public sealed class CallLifeTests : EngineTestKit
{
    private const long Q = 208;

    [Fact]
    public void A_call_rings_an_agent_is_answered_and_ends_completed()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);

        Enter("c1", Q);
        var ring = Assert.Single(Sent<Ring>());
        Assert.Equal(("c1", a, 101L, 60), (ring.CallId, ring.Agent, ring.ExtensionId!.Value, ring.TimeoutSeconds));
        AssertStatus(Q, waiting: 0, trying: 1, answered: 0);
        Assert.Equal(AgentLiveState.Ringing, State(a).Snapshot.Live);

        Advance(7);
        AnswerBy(a);
        AssertStatus(Q, 0, 0, 1);
        Assert.Equal(AgentLiveState.InCall, State(a).Snapshot.Live);
        Assert.Equal(7, Published<Answer>().Single().WaitSeconds);

        Advance(30);
        Send(new CallHangup("c1"));
        AssertStatus(Q, 0, 0, 0);
        var end = EndOf("c1");
        Assert.Equal((HangupReason.Completed, EndAction.Hangup, 7, 30), (end.Reason, end.Action, end.WaitSeconds, end.TalkSeconds));
        Assert.Equal(AgentLiveState.Idle, State(a).Snapshot.Live);
        Assert.Equal((1, 30L), (State(a).Snapshot.AnsweredCalls, State(a).Snapshot.TalkSeconds));
    }

    [Fact]
    public void Queue_status_events_follow_the_counters()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Enter("c2", Q);
        AnswerBy(a);
        Send(new CallHangup("c1"));
        Send(new CallHangup("c2"));
        var seen = Published<QueueStatusChanged>().Select(s => (s.Waiting, s.Trying, s.Answered)).ToList();
        // After c1 ends, c2 waits until the agent reports itself free again.
        Assert.Equal(new[] { (0, 1, 0), (1, 1, 0), (1, 0, 1), (1, 0, 0), (0, 1, 0), (0, 0, 0) }, seen);
    }

    [Fact]
    public void A_repeated_event_changes_nothing()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Enter("c1", Q);
        Assert.Single(Published<DialIn>());
        var leg = AnswerBy(a);
        Leg(leg, LegEventKind.Answered);
        Assert.Single(Published<Answer>());
        Send(new CallHangup("c1"));
        Send(new CallHangup("c1"));
        Assert.Single(Published<CallerHangup>());
        AssertStatus(Q, 0, 0, 0);
    }

    [Fact]
    public void A_call_entered_again_after_it_ended_is_ignored()
    {
        Queue(Q);
        Member(Q, Agent(1));
        Enter("c1", Q);
        Send(new CallHangup("c1"));
        Enter("c1", Q);
        Assert.Single(Published<DialIn>());
        Assert.Single(Published<CallerHangup>());
        AssertStatus(Q, 0, 0, 0);
    }

    [Fact]
    public void Callers_are_served_in_entry_order()
    {
        Queue(Q);
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Enter("c2", Q);
        Enter("c3", Q);
        Assert.Equal(new[] { "c1" }, Sent<Ring>().Select(r => r.CallId));
        AnswerBy(a);
        Send(new CallHangup("c1"));
        AnswerBy(a);
        Send(new CallHangup("c2"));
        Assert.Equal(new[] { "c1", "c2", "c3" }, Sent<Ring>().Select(r => r.CallId));
    }

    [Fact]
    public void Start_sound_is_played_before_any_agent_is_rung()
    {
        Queue(Q, QueueSettings.Default with { StartSound = 40, Sound = 36 });
        Behavior.SoundLengths[40] = TimeSpan.FromSeconds(8);
        var a = Agent(1);
        Member(Q, a);

        Enter("c1", Q);
        var start = Assert.Single(Sent<Play>());
        Assert.Equal((40L, false, PlayTarget.Caller), (start.SoundId!.Value, start.Loop, start.To));
        Assert.Empty(Sent<Ring>());
        AssertStatus(Q, 1, 0, 0);

        Advance(7.9);
        Assert.Empty(Sent<Ring>());
        Advance(0.1);
        var ring = Assert.Single(Commands, c => c.Command is Ring);
        Assert.Equal(8, At(ring), 3);
        // Hold music (sound 36, looping) starts with dispatch.
        Assert.Contains(Sent<Play>(), p => p.SoundId == 36 && p.Loop);
    }

    [Fact]
    public void Hold_audio_is_music_or_ringback()
    {
        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = false });
        Enter("c1", Q);
        Assert.Equal(Tones.Music, Assert.Single(Sent<Play>()).Tone);

        Queue(Q, QueueSettings.Default with { ExitWithNoAvAgents = false, SoundType = SoundType.Ring });
        Enter("c2", Q);
        var play = Sent<Play>().Last();
        Assert.Equal((Tones.Ringback, (long?)null, true), (play.Tone, play.SoundId, play.Loop));
    }

    [Fact]
    public void Answer_sequence_goes_in_order_and_stops_hold_audio()
    {
        Queue(Q, QueueSettings.Default with { AgentAnnounceSound = 50, AgentReportWaitTime = true, RecordEnabled = true });
        var a = Agent(1, new AgentSettings { Name = "a", ExtensionId = 101, AgentSoundId = 60 });
        Member(Q, a);
        Enter("c1", Q);
        Advance(12);
        var before = Commands.Count;
        var leg = AnswerBy(a);

        var after = Commands.Skip(before).Select(c => c.Command).ToList();
        Assert.Collection(after,
            c => Assert.IsType<StopPlayback>(c),
            c => Assert.Equal((50L, PlayTarget.Agent), (((Play)c).SoundId!.Value, ((Play)c).To)),
            c => Assert.Equal((leg, 12L), (((SayNumber)c).LegId, ((SayNumber)c).Number)),
            c => Assert.Equal((60L, PlayTarget.Both), (((Play)c).SoundId!.Value, ((Play)c).To)),
            c => Assert.Equal(leg, ((Bridge)c).LegId),
            c => Assert.Equal(leg, ((QueueEngine.Gateway.Record)c).LegId));
    }

    [Fact]
    public void Answer_sequence_without_optional_steps_is_just_stop_and_bridge()
    {
        Queue(Q, QueueSettings.Default with { AgentReportWaitTime = false, RecordEnabled = false });
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        var before = Commands.Count;
        AnswerBy(a);
        Assert.Collection(Commands.Skip(before).Select(c => c.Command),
            c => Assert.IsType<StopPlayback>(c),
            c => Assert.IsType<Bridge>(c));
    }

    [Fact]
    public void Periodic_announcements_play_every_frequency_seconds_and_stop_on_answer()
    {
        Queue(Q, QueueSettings.Default with { AnnounceSound = 35, AnnounceFrequency = 15, Sound = 36 });
        var a = Agent(1);
        Member(Q, a);
        Enter("c1", Q);
        Advance(46);
        var announcements = Commands.Where(c => c.Command is Play { SoundId: 35 }).Select(At).ToList();
        Assert.Equal(new[] { 15.0, 30.0, 45.0 }, announcements);
        // Each announcement is followed by the hold music again.
        var afterFirst = Commands.SkipWhile(c => c.Command is not Play { SoundId: 35 }).Skip(1).First().Command;
        Assert.Equal(36L, ((Play)afterFirst).SoundId);

        AnswerBy(a);
        Advance(100);
        Assert.Equal(3, Sent<Play>().Count(p => p.SoundId == 35));
    }

    [Fact]
    public void Position_is_announced_every_frequency_seconds_with_the_current_position()
    {
        Queue(Q, QueueSettings.Default with { PositionAnnounceFrequency = 20, ExitWithNoAvAgents = false });
        Enter("c1", Q);
        Advance(5);
        Enter("c2", Q);
        Advance(20); // c1 at 20 s, c2 at 25 s
        Send(new CallHangup("c1"));
        Advance(20); // c1 gone: c2 is now first at 45 s
        var said = Commands.Where(c => c.Command is SayPosition)
            .Select(c => (((SayPosition)c.Command).CallId, ((SayPosition)c.Command).Position, At(c))).ToList();
        Assert.Equal(new[] { ("c1", 1, 20.0), ("c2", 2, 25.0), ("c2", 1, 45.0) }, said);
    }
}
