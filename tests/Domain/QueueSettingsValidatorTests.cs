using System.Text.Json;
using System.Text.Json.Nodes;
using QueueEngine.Domain;
using static QueueEngine.Tests.Domain.TestJson;

namespace QueueEngine.Tests.Domain;

public class QueueSettingsValidatorTests
{
    // Sounds 5, 6 and 7 exist; nothing else does.
    private static bool SoundExists(long id) => id is 5 or 6 or 7;

    private static ValidationResult<QueueSettings> Apply(QueueSettings current, string json) =>
        QueueSettingsValidator.Apply(current, Parse(json), SoundExists);

    private static QueueSettings Valid(QueueSettings current, string json)
    {
        var result = Apply(current, json);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result.Value;
    }

    private static void AssertRejected(ValidationResult<QueueSettings> result, params string[] fields)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(fields.Order(), result.Errors.Keys.Order());
        Assert.All(result.Errors.Values, messages => Assert.NotEmpty(messages));
    }

    /// <summary>Every field away from its default (sound type music, so the sound is kept).</summary>
    private static readonly QueueSettings AllChanged = new()
    {
        AgentAnnounceSound = 5,
        AgentHangupAction = AgentHangupAction.Transfer,
        AgentHangupTransferDst = "200",
        AgentReportWaitTime = false,
        AnnounceFrequency = 30,
        AnnounceSound = 6,
        AppendToCidNameOnTransfer = " (queue)",
        ExitKey = "#",
        ExitTransferDst = "300",
        ExitWithNoAvAgents = false,
        MaxWaitTime = 600,
        MaxWaitTimeWithNoAgent = 60,
        NoAgentTimeoutTransferDst = "400",
        PositionAnnounceFrequency = 45,
        QualityRateFinishSound = 7,
        QualityRateMax = 5,
        QualityRateSound = 5,
        RecordEnabled = false,
        SkipBusyAgents = false,
        Sound = 6,
        SoundType = SoundType.Music,
        StartSound = 7,
        Strategy = StrategyKind.TopDown,
        TierRuleWaitMultiplyLevel = false,
        TierRuleWaitSecond = 20,
        TierRulesApply = false,
        TimeoutTransferDst = "500",
        TrySameAgentTime = 90,
        VmAttachFile = false,
        VmEnabled = false,
        VmGreeting = 5,
        VmMailto = "ops@example.com",
    };

    private static readonly string[] AllFields =
    [
        "agent_announce_sound", "agent_hangup_action", "agent_hangup_transfer_dst", "agent_report_wait_time",
        "announce_frequency", "announce_sound", "append_to_cid_name_on_transfer", "exit_key", "exit_transfer_dst",
        "exit_with_no_av_agents", "max_wait_time", "max_wait_time_with_no_agent", "no_agent_timeout_transfer_dst",
        "position_announce_frequency", "quality_rate_finish_sound", "quality_rate_max", "quality_rate_sound",
        "record_enabled", "skip_busy_agents", "sound", "sound_type", "start_sound", "strategy",
        "tier_rule_wait_multiply_level", "tier_rule_wait_second", "tier_rules_apply", "timeout_transfer_dst",
        "try_same_agent_time", "vm_attach_file", "vm_enabled", "vm_greeting", "vm_mailto",
    ];

    public static TheoryData<string> SecondsFields => new()
    {
        "announce_frequency", "max_wait_time", "max_wait_time_with_no_agent", "position_announce_frequency",
        "tier_rule_wait_second", "try_same_agent_time",
    };

    public static TheoryData<string> SoundFields => new()
    {
        "agent_announce_sound", "announce_sound", "quality_rate_finish_sound", "quality_rate_sound", "sound",
        "start_sound", "vm_greeting",
    };

    public static TheoryData<string> BoolFields => new()
    {
        "agent_report_wait_time", "exit_with_no_av_agents", "record_enabled", "skip_busy_agents",
        "tier_rule_wait_multiply_level", "tier_rules_apply", "vm_attach_file", "vm_enabled",
    };

    public static TheoryData<string> DestinationFields => new()
    {
        "agent_hangup_transfer_dst", "exit_transfer_dst", "no_agent_timeout_transfer_dst", "timeout_transfer_dst",
    };

    // --- JSON shape and round trips ---

    [Fact]
    public void ToJson_has_all_32_fields_with_defaults_and_nulls()
    {
        var json = QueueSettingsValidator.ToJson(QueueSettings.Default);

        Assert.Equal(AllFields, json.Select(p => p.Key));
        Assert.Equal("round-robin", (string?)json["strategy"]);
        Assert.Equal("music", (string?)json["sound_type"]);
        Assert.True((bool?)json["vm_enabled"]);
        Assert.Equal(0, (int?)json["max_wait_time"]);
        Assert.Null(json["sound"]);
        Assert.Null(json["agent_hangup_action"]);
    }

    [Fact]
    public void ToJson_writes_enums_as_wire_names()
    {
        var json = QueueSettingsValidator.ToJson(AllChanged with { AgentHangupAction = AgentHangupAction.QualityRate });

        Assert.Equal("quality_rate", (string?)json["agent_hangup_action"]);
        Assert.Equal("top-down", (string?)json["strategy"]);
        Assert.Equal(5L, (long?)json["agent_announce_sound"]);
    }

    [Fact]
    public void Defaults_round_trip()
    {
        var result = QueueSettingsValidator.Parse(Of(QueueSettingsValidator.ToJson(QueueSettings.Default)), SoundExists);

        Assert.True(result.IsValid);
        Assert.Equal(QueueSettings.Default, result.Value);
    }

    [Fact]
    public void Every_field_round_trips()
    {
        // sound_type stays music here so that the sound survives; ring has its own round trip below.
        Assert.All(AllFields.Where(f => f != "sound_type"), f => Assert.NotEqual(
            QueueSettingsValidator.ToJson(QueueSettings.Default)[f]?.ToJsonString(),
            QueueSettingsValidator.ToJson(AllChanged)[f]?.ToJsonString()));

        var result = QueueSettingsValidator.Parse(Of(QueueSettingsValidator.ToJson(AllChanged)), SoundExists);

        Assert.True(result.IsValid);
        Assert.Equal(AllChanged, result.Value);
    }

    [Fact]
    public void A_ring_queue_round_trips()
    {
        var ring = AllChanged with { SoundType = SoundType.Ring, Sound = null };

        var result = QueueSettingsValidator.Parse(Of(QueueSettingsValidator.ToJson(ring)), SoundExists);

        Assert.Equal(ring, result.Value);
    }

    [Fact]
    public void An_empty_body_changes_nothing()
    {
        Assert.Equal(AllChanged, Valid(AllChanged, "{}"));
        Assert.Equal(QueueSettings.Default, QueueSettingsValidator.Parse(Parse("{}"), SoundExists).Value);
    }

    // --- partial update and null reset ---

    [Fact]
    public void Absent_fields_keep_their_value()
    {
        var updated = Valid(AllChanged, """{"max_wait_time": 120, "strategy": "random"}""");

        Assert.Equal(AllChanged with { MaxWaitTime = 120, Strategy = StrategyKind.Random }, updated);
    }

    [Fact]
    public void Null_resets_every_field_to_its_default()
    {
        var allNull = new JsonObject();
        foreach (var field in AllFields) allNull[field] = null;

        var result = QueueSettingsValidator.Apply(AllChanged, Of(allNull), SoundExists);

        Assert.True(result.IsValid);
        Assert.Equal(QueueSettings.Default, result.Value);
    }

    [Fact]
    public void Null_resets_only_the_named_field()
    {
        var updated = Valid(AllChanged, """{"vm_enabled": null, "announce_frequency": null}""");

        Assert.Equal(AllChanged with { VmEnabled = true, AnnounceFrequency = 0 }, updated);
    }

    // --- sounds ---

    [Theory]
    [MemberData(nameof(SoundFields))]
    public void Sound_id_0_means_none(string field)
    {
        var json = QueueSettingsValidator.ToJson(Valid(AllChanged, $$"""{"{{field}}": 0}"""));

        Assert.Null(json[field]);
    }

    [Theory]
    [MemberData(nameof(SoundFields))]
    public void An_existing_sound_is_stored(string field)
    {
        var json = QueueSettingsValidator.ToJson(Valid(QueueSettings.Default, $$"""{"{{field}}": 7}"""));

        Assert.Equal(7L, (long?)json[field]);
    }

    [Theory]
    [MemberData(nameof(SoundFields))]
    public void An_unknown_sound_is_rejected(string field)
    {
        var result = Apply(QueueSettings.Default, $$"""{"{{field}}": 8}""");

        AssertRejected(result, field);
        Assert.Contains("8", result.Errors[field][0]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"5\"")]
    [InlineData("true")]
    public void A_sound_id_of_the_wrong_kind_is_rejected(string value)
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field("start_sound", value), SoundExists), "start_sound");
    }

    [Fact]
    public void The_sound_check_is_not_asked_about_0()
    {
        var asked = new List<long>();
        QueueSettingsValidator.Apply(QueueSettings.Default, Parse("""{"sound": 0, "start_sound": 9}"""), id => { asked.Add(id); return true; });

        Assert.Equal([9L], asked);
    }

    [Fact]
    public void Setting_ring_clears_the_sound()
    {
        var updated = Valid(AllChanged, """{"sound_type": "ring"}""");

        Assert.Equal(SoundType.Ring, updated.SoundType);
        Assert.Null(updated.Sound);
    }

    [Theory]
    [InlineData("""{"sound_type": "ring", "sound": 6}""")]
    [InlineData("""{"sound": 6, "sound_type": "ring"}""")]
    [InlineData("""{"sound_type": "ring", "sound": 999}""")]
    public void Ring_ignores_a_sound_given_in_the_same_request(string body)
    {
        var updated = Valid(QueueSettings.Default, body);

        Assert.Equal(SoundType.Ring, updated.SoundType);
        Assert.Null(updated.Sound);
    }

    [Fact]
    public void A_ring_queue_keeps_no_sound()
    {
        var ring = QueueSettings.Default with { SoundType = SoundType.Ring };

        Assert.Null(Valid(ring, """{"sound": 6}""").Sound);
    }

    [Fact]
    public void Music_keeps_the_sound_given_with_it()
    {
        var ring = QueueSettings.Default with { SoundType = SoundType.Ring };

        var updated = Valid(ring, """{"sound": 6, "sound_type": "music"}""");

        Assert.Equal((SoundType.Music, (long?)6), (updated.SoundType, updated.Sound));
    }

    [Theory]
    [InlineData("\"Ring\"")]
    [InlineData("\"silence\"")]
    [InlineData("1")]
    public void An_unknown_sound_type_is_rejected(string value)
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field("sound_type", value), SoundExists), "sound_type");
    }

    // --- agent hangup action ---

    [Fact]
    public void Transfer_with_its_destination_in_the_same_request_is_accepted()
    {
        var updated = Valid(QueueSettings.Default, """{"agent_hangup_action": "transfer", "agent_hangup_transfer_dst": "700"}""");

        Assert.Equal((AgentHangupAction.Transfer, "700"), (updated.AgentHangupAction!.Value, updated.AgentHangupTransferDst));
    }

    [Fact]
    public void Transfer_without_a_destination_is_rejected()
    {
        AssertRejected(Apply(QueueSettings.Default, """{"agent_hangup_action": "transfer"}"""), "agent_hangup_transfer_dst");
    }

    [Fact]
    public void Transfer_uses_a_destination_set_earlier()
    {
        var withDst = QueueSettings.Default with { AgentHangupTransferDst = "700" };

        Assert.Equal(AgentHangupAction.Transfer, Valid(withDst, """{"agent_hangup_action": "transfer"}""").AgentHangupAction);
    }

    [Fact]
    public void Clearing_the_destination_of_an_earlier_transfer_is_rejected()
    {
        var transfer = QueueSettings.Default with { AgentHangupAction = AgentHangupAction.Transfer, AgentHangupTransferDst = "700" };

        AssertRejected(Apply(transfer, """{"agent_hangup_transfer_dst": null}"""), "agent_hangup_transfer_dst");
    }

    [Fact]
    public void Clearing_action_and_destination_together_is_accepted()
    {
        var transfer = QueueSettings.Default with { AgentHangupAction = AgentHangupAction.Transfer, AgentHangupTransferDst = "700" };

        Assert.Equal(QueueSettings.Default, Valid(transfer, """{"agent_hangup_transfer_dst": null, "agent_hangup_action": null}"""));
    }

    [Fact]
    public void Quality_rate_needs_no_destination()
    {
        Assert.Equal(AgentHangupAction.QualityRate, Valid(QueueSettings.Default, """{"agent_hangup_action": "quality_rate"}""").AgentHangupAction);
    }

    [Theory]
    [InlineData("\"hangup\"")]
    [InlineData("\"Transfer\"")]
    [InlineData("0")]
    public void An_unknown_hangup_action_is_rejected(string value)
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field("agent_hangup_action", value), SoundExists), "agent_hangup_action");
    }

    // --- seconds and other numbers ---

    [Theory]
    [MemberData(nameof(SecondsFields))]
    public void Seconds_accept_0_and_2592000(string field)
    {
        Assert.Equal(0, (int?)QueueSettingsValidator.ToJson(Valid(AllChanged, $$"""{"{{field}}": 0}"""))[field]);
        Assert.Equal(2592000, (int?)QueueSettingsValidator.ToJson(Valid(QueueSettings.Default, $$"""{"{{field}}": 2592000}"""))[field]);
    }

    [Theory]
    [MemberData(nameof(SecondsFields))]
    public void Seconds_reject_out_of_range_values(string field)
    {
        foreach (var value in new[] { "2592001", "-1", "2147483648", "99999999999999999999" })
            AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field(field, value), SoundExists), field);
    }

    [Theory]
    [MemberData(nameof(SecondsFields))]
    public void Seconds_reject_non_whole_numbers(string field)
    {
        foreach (var value in new[] { "1.5", "1.0", "1e3", "\"10\"", "true", "[]" })
            AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field(field, value), SoundExists), field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Quality_rate_max_accepts_0_to_9(int value)
    {
        Assert.Equal(value, Valid(AllChanged, $$"""{"quality_rate_max": {{value}}}""").QualityRateMax);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("2.5")]
    public void Quality_rate_max_rejects_the_rest(string value)
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field("quality_rate_max", value), SoundExists), "quality_rate_max");
    }

    // --- strings ---

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("9")]
    [InlineData("*")]
    [InlineData("#")]
    public void Exit_key_accepts_a_digit_star_or_hash(string key)
    {
        Assert.Equal(key, Valid(QueueSettings.Default, $$"""{"exit_key": "{{key}}"}""").ExitKey);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"10\"")]
    [InlineData("\"a\"")]
    [InlineData("\"**\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"\\u0661\"")] // ARABIC-INDIC DIGIT ONE: a digit, but not a phone key
    [InlineData("1")]
    public void Exit_key_rejects_anything_else(string value)
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field("exit_key", value), SoundExists), "exit_key");
    }

    [Fact]
    public void All_eight_strategies_are_accepted()
    {
        Assert.Equal(8, StrategyNames.All.Count);
        foreach (var name in StrategyNames.All)
        {
            var updated = Valid(QueueSettings.Default, $$"""{"strategy": "{{name}}"}""");
            Assert.Equal(name, StrategyNames.ToWire(updated.Strategy));
        }
        Assert.Equal(StrategyKind.SequentiallyByAgentOrder, Valid(QueueSettings.Default, """{"strategy": "sequentially-by-agent-order"}""").Strategy);
    }

    [Theory]
    [InlineData("\"fewest-calls\"")]
    [InlineData("\"Round-Robin\"")]
    [InlineData("\"\"")]
    [InlineData("3")]
    public void An_unknown_strategy_is_rejected(string value)
    {
        var result = QueueSettingsValidator.Apply(QueueSettings.Default, Field("strategy", value), SoundExists);

        AssertRejected(result, "strategy");
        Assert.Contains("ring-all", result.Errors["strategy"][0]);
    }

    [Theory]
    [InlineData("ops@example.com")]
    [InlineData("first.last+queue@mail.example.org")]
    public void Vm_mailto_accepts_an_address(string address)
    {
        Assert.Equal(address, Valid(QueueSettings.Default, $$"""{"vm_mailto": "{{address}}"}""").VmMailto);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ops")]
    [InlineData("ops@")]
    [InlineData("@example.com")]
    [InlineData("ops@example")]
    [InlineData("ops@@example.com")]
    [InlineData("Ops <ops@example.com>")]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("ops @example.com")]
    public void Vm_mailto_rejects_what_is_not_one_address(string text)
    {
        AssertRejected(Apply(QueueSettings.Default, $$"""{"vm_mailto": "{{text}}"}"""), "vm_mailto");
    }

    [Theory]
    [MemberData(nameof(DestinationFields))]
    public void Destinations_must_not_be_blank(string field)
    {
        foreach (var value in new[] { "\"\"", "\"   \"", "42", "true" })
            AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field(field, value), SoundExists), field);
    }

    [Fact]
    public void Strings_are_at_most_255_characters()
    {
        var longest = new string('7', 255);

        Assert.Equal(longest, Valid(QueueSettings.Default, $$"""{"exit_transfer_dst": "{{longest}}"}""").ExitTransferDst);
        AssertRejected(Apply(QueueSettings.Default, $$"""{"exit_transfer_dst": "{{longest}}7", "append_to_cid_name_on_transfer": "{{longest}}x"}"""),
            "exit_transfer_dst", "append_to_cid_name_on_transfer");
    }

    [Fact]
    public void Strings_reject_control_characters_and_broken_text()
    {
        AssertRejected(Apply(QueueSettings.Default, """{"timeout_transfer_dst": "100\n200", "append_to_cid_name_on_transfer": "\ud800"}"""),
            "timeout_transfer_dst", "append_to_cid_name_on_transfer");
    }

    [Fact]
    public void The_appended_caller_id_text_may_be_empty()
    {
        Assert.Equal("", Valid(QueueSettings.Default, """{"append_to_cid_name_on_transfer": ""}""").AppendToCidNameOnTransfer);
    }

    // --- booleans ---

    [Theory]
    [MemberData(nameof(BoolFields))]
    public void Booleans_take_only_true_and_false(string field)
    {
        Assert.False((bool?)QueueSettingsValidator.ToJson(Valid(QueueSettings.Default, $$"""{"{{field}}": false}"""))[field]);
        Assert.True((bool?)QueueSettingsValidator.ToJson(Valid(AllChanged, $$"""{"{{field}}": true}"""))[field]);
        foreach (var value in new[] { "\"true\"", "1", "0", "{}" })
            AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, Field(field, value), SoundExists), field);
    }

    // --- whole-body problems ---

    [Fact]
    public void Every_bad_field_is_reported_together()
    {
        var result = Apply(AllChanged, """
            {"max_wait_time": -1, "strategy": "fastest", "exit_key": "ab", "record_enabled": "yes",
             "vm_greeting": 99, "colour": "blue", "quality_rate_max": 12, "announce_frequency": 30}
            """);

        AssertRejected(result, "max_wait_time", "strategy", "exit_key", "record_enabled", "vm_greeting", "colour", "quality_rate_max");
    }

    [Fact]
    public void An_unknown_field_is_rejected()
    {
        var result = Apply(QueueSettings.Default, """{"max_wait_time": 10, "maxWaitTime": 10}""");

        AssertRejected(result, "maxWaitTime");
        Assert.Equal("unknown field", result.Errors["maxWaitTime"][0]);
    }

    [Fact]
    public void A_repeated_field_is_rejected()
    {
        AssertRejected(Apply(QueueSettings.Default, """{"max_wait_time": 10, "max_wait_time": 20}"""), "max_wait_time");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"max_wait_time\": 10}]")]
    [InlineData("\"max_wait_time\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_rejected(string body)
    {
        AssertRejected(Apply(QueueSettings.Default, body), "$");
    }

    [Fact]
    public void An_undefined_element_is_rejected_as_a_body()
    {
        AssertRejected(QueueSettingsValidator.Apply(QueueSettings.Default, default(JsonElement), SoundExists), "$");
    }
}
