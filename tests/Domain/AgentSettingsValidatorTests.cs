using System.Text.Json;
using QueueEngine.Domain;
using static QueueEngine.Tests.Domain.TestJson;

namespace QueueEngine.Tests.Domain;

public class AgentSettingsValidatorTests
{
    // Extensions 101 and 102 are phones of the client; sound 5 exists.
    private static bool IsPhone(long id) => id is 101 or 102;
    private static bool SoundExists(long id) => id == 5;

    private static readonly AgentSettings Ann = new() { Name = "Ann", ExtensionId = 101 };
    private static readonly AgentSettings Bob = new() { Name = "Bob", Number = "+4930123456" };

    private static ValidationResult<AgentSettings> Create(AgentKind kind, string json) =>
        AgentSettingsValidator.Create(kind, Parse(json), IsPhone, SoundExists);

    private static ValidationResult<AgentSettings> Update(AgentKind kind, AgentSettings current, string json) =>
        AgentSettingsValidator.Update(kind, current, Parse(json), IsPhone, SoundExists);

    private static AgentSettings Valid(ValidationResult<AgentSettings> result)
    {
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result.Value;
    }

    private static void AssertRejected(ValidationResult<AgentSettings> result, params string[] fields)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(fields.Order(), result.Errors.Keys.Order());
    }

    public static TheoryData<string> SecondsFields => new()
    {
        "call_timeout", "wrap_up_time", "busy_delay_time", "no_answer_delay_time", "reject_delay_time",
    };

    // --- create ---

    [Fact]
    public void A_local_agent_needs_a_name_and_a_phone_extension()
    {
        var created = Valid(Create(AgentKind.Local, """{"name": "Ann", "extension_id": 101}"""));

        Assert.Equal(Ann, created);
        Assert.Equal(AgentStatus.Available, created.Status);
    }

    [Fact]
    public void A_remote_agent_needs_a_name_and_a_number()
    {
        Assert.Equal(Bob, Valid(Create(AgentKind.Remote, """{"name": "Bob", "number": "+4930123456"}""")));
    }

    [Fact]
    public void Create_accepts_every_field()
    {
        var created = Valid(Create(AgentKind.Local, """
            {"name": "Ann", "extension_id": 102, "status": "logged_out", "call_timeout": 20, "wrap_up_time": 10,
             "busy_delay_time": 30, "no_answer_delay_time": 40, "reject_delay_time": 50,
             "extra_params": "codec=opus", "agent_sound_id": 5}
            """));

        Assert.Equal(new AgentSettings
        {
            Name = "Ann", ExtensionId = 102, Status = AgentStatus.LoggedOut, CallTimeout = 20, WrapUpTime = 10,
            BusyDelayTime = 30, NoAnswerDelayTime = 40, RejectDelayTime = 50, ExtraParams = "codec=opus", AgentSoundId = 5,
        }, created);
    }

    [Fact]
    public void Create_reports_every_missing_required_field()
    {
        AssertRejected(Create(AgentKind.Local, "{}"), "name", "extension_id");
        AssertRejected(Create(AgentKind.Remote, "{}"), "name", "number");
        AssertRejected(Create(AgentKind.Remote, """{"name": null, "number": null}"""), "name", "number");
    }

    [Fact]
    public void The_extension_must_be_a_phone_of_the_client()
    {
        AssertRejected(Create(AgentKind.Local, """{"name": "Ann", "extension_id": 103}"""), "extension_id");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("\"101\"")]
    [InlineData("101.5")]
    public void The_extension_id_must_be_a_positive_whole_number(string value)
    {
        AssertRejected(Create(AgentKind.Local, $$"""{"name": "Ann", "extension_id": {{value}}}"""), "extension_id");
    }

    [Fact]
    public void Kind_specific_fields_are_rejected_on_the_other_kind()
    {
        AssertRejected(Create(AgentKind.Local, """{"name": "Ann", "extension_id": 101, "number": "123"}"""), "number");
        AssertRejected(Create(AgentKind.Remote, """{"name": "Bob", "number": "123", "extension_id": 101}"""), "extension_id");
    }

    [Theory]
    [InlineData("+1")]
    [InlineData("+4930123456")]
    [InlineData("0")]
    [InlineData("*72#")]
    [InlineData("#")]
    [InlineData("12345678901234567890123456789012")]
    [InlineData("+1234567890123456789012345678901")]
    public void Numbers_accept_dialable_strings(string number)
    {
        Assert.Equal(number, Valid(Create(AgentKind.Remote, $$"""{"name": "Bob", "number": "{{number}}"}""")).Number);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"+\"")]
    [InlineData("\"++1\"")]
    [InlineData("\"+12*\"")]
    [InlineData("\"12a\"")]
    [InlineData("\"1 2\"")]
    [InlineData("\"1+2\"")]
    [InlineData("\"123456789012345678901234567890123\"")]
    [InlineData("12345")]
    public void Numbers_reject_the_rest(string value)
    {
        AssertRejected(Create(AgentKind.Remote, $$"""{"name": "Bob", "number": {{value}}}"""), "number");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("7")]
    public void The_name_must_be_non_blank_text(string value)
    {
        AssertRejected(Create(AgentKind.Local, $$"""{"name": {{value}}, "extension_id": 101}"""), "name");
    }

    [Fact]
    public void The_id_is_read_only()
    {
        var result = Create(AgentKind.Local, """{"id": 1, "name": "Ann", "extension_id": 101}""");

        AssertRejected(result, "id");
        Assert.Equal("is read-only", result.Errors["id"][0]);
        AssertRejected(Update(AgentKind.Remote, Bob, """{"id": 9}"""), "id");
    }

    [Theory]
    [InlineData("\"busy\"")]
    [InlineData("\"Available\"")]
    [InlineData("true")]
    public void Status_is_available_or_logged_out(string value)
    {
        AssertRejected(Update(AgentKind.Local, Ann, $$"""{"status": {{value}}}"""), "status");
    }

    [Theory]
    [MemberData(nameof(SecondsFields))]
    public void Seconds_fields_take_0_to_2592000(string field)
    {
        var busy = new AgentSettings
        {
            Name = "Ann", ExtensionId = 101, CallTimeout = 9, WrapUpTime = 9, BusyDelayTime = 9, NoAnswerDelayTime = 9, RejectDelayTime = 9,
        };
        Assert.Equal(0, (int?)AgentSettingsValidator.ToJson(AgentKey.Local(1), Valid(Update(AgentKind.Local, busy, $$"""{"{{field}}": 0}""")))[field]);
        Assert.Equal(2592000, (int?)AgentSettingsValidator.ToJson(AgentKey.Local(1), Valid(Update(AgentKind.Local, Ann, $$"""{"{{field}}": 2592000}""")))[field]);
        foreach (var value in new[] { "2592001", "-1", "1.5", "\"60\"" })
            AssertRejected(Update(AgentKind.Local, Ann, $$"""{"{{field}}": {{value}}}"""), field);
    }

    [Fact]
    public void Agent_sound_id_0_is_none_and_unknown_sounds_are_rejected()
    {
        var withSound = Ann with { AgentSoundId = 5 };

        Assert.Equal(5L, Valid(Update(AgentKind.Local, Ann, """{"agent_sound_id": 5}""")).AgentSoundId);
        Assert.Null(Valid(Update(AgentKind.Local, withSound, """{"agent_sound_id": 0}""")).AgentSoundId);
        AssertRejected(Update(AgentKind.Local, Ann, """{"agent_sound_id": 6}"""), "agent_sound_id");
    }

    [Fact]
    public void Extra_params_is_a_string_or_null()
    {
        var withParams = Ann with { ExtraParams = "x=1" };

        Assert.Equal("a=b;c=d", Valid(Update(AgentKind.Local, Ann, """{"extra_params": "a=b;c=d"}""")).ExtraParams);
        Assert.Null(Valid(Update(AgentKind.Local, withParams, """{"extra_params": null}""")).ExtraParams);
        AssertRejected(Update(AgentKind.Local, Ann, """{"extra_params": {"a": 1}}"""), "extra_params");
        AssertRejected(Update(AgentKind.Local, Ann, $$"""{"extra_params": "{{new string('x', 1025)}}"}"""), "extra_params");
    }

    // --- update ---

    [Fact]
    public void Update_keeps_absent_fields_and_resets_null_ones()
    {
        var current = Ann with { Status = AgentStatus.LoggedOut, WrapUpTime = 15, CallTimeout = 25 };

        var updated = Valid(Update(AgentKind.Local, current, """{"call_timeout": null, "status": null, "reject_delay_time": 3}"""));

        Assert.Equal(current with { CallTimeout = 0, Status = AgentStatus.Available, RejectDelayTime = 3 }, updated);
    }

    [Fact]
    public void Update_may_move_a_local_agent_to_another_phone()
    {
        Assert.Equal(102, Valid(Update(AgentKind.Local, Ann, """{"extension_id": 102}""")).ExtensionId);
        AssertRejected(Update(AgentKind.Local, Ann, """{"extension_id": 500}"""), "extension_id");
    }

    [Fact]
    public void Update_cannot_clear_required_fields()
    {
        AssertRejected(Update(AgentKind.Local, Ann, """{"name": null, "extension_id": null}"""), "name", "extension_id");
        AssertRejected(Update(AgentKind.Remote, Bob, """{"number": null}"""), "number");
    }

    [Fact]
    public void Update_may_clear_the_name_of_a_remote_agent()
    {
        Assert.Null(Valid(Update(AgentKind.Remote, Bob, """{"name": null}""")).Name);
    }

    [Fact]
    public void Update_reports_every_bad_field_and_unknown_ones()
    {
        AssertRejected(Update(AgentKind.Remote, Bob, """{"number": "abc", "status": "away", "wrap_up_time": -5, "team": "a"}"""),
            "number", "status", "wrap_up_time", "team");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Ann\"")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_rejected(string body)
    {
        AssertRejected(Create(AgentKind.Local, body), "$", "name", "extension_id");
        AssertRejected(Update(AgentKind.Local, Ann, body), "$");
    }

    // --- JSON ---

    [Fact]
    public void ToJson_of_a_local_agent_has_its_extension()
    {
        var json = AgentSettingsValidator.ToJson(AgentKey.Local(7), Ann);

        Assert.Equal(
            ["id", "name", "status", "call_timeout", "wrap_up_time", "busy_delay_time", "no_answer_delay_time",
             "reject_delay_time", "extra_params", "agent_sound_id", "extension_id"],
            json.Select(p => p.Key));
        Assert.Equal(7L, (long?)json["id"]);
        Assert.Equal(101L, (long?)json["extension_id"]);
        Assert.Equal("available", (string?)json["status"]);
        Assert.Null(json["extra_params"]);
    }

    [Fact]
    public void ToJson_of_a_remote_agent_has_its_number()
    {
        var json = AgentSettingsValidator.ToJson(AgentKey.Remote(8), Bob with { Status = AgentStatus.LoggedOut });

        Assert.False(json.ContainsKey("extension_id"));
        Assert.Equal("+4930123456", (string?)json["number"]);
        Assert.Equal("logged_out", (string?)json["status"]);
    }

    [Theory]
    [InlineData(AgentKind.Local)]
    [InlineData(AgentKind.Remote)]
    public void ToJson_without_the_id_creates_the_same_agent(AgentKind kind)
    {
        var agent = (kind == AgentKind.Local ? Ann : Bob) with
        {
            Status = AgentStatus.LoggedOut, CallTimeout = 1, WrapUpTime = 2, BusyDelayTime = 3, NoAnswerDelayTime = 4,
            RejectDelayTime = 5, ExtraParams = "p", AgentSoundId = 5,
        };
        var json = AgentSettingsValidator.ToJson(new AgentKey(kind, 3), agent);
        json.Remove("id");

        Assert.Equal(agent, Valid(AgentSettingsValidator.Create(kind, Of(json), IsPhone, SoundExists)));
    }
}
