using QueueEngine.Domain;
using static QueueEngine.Tests.Domain.TestJson;

namespace QueueEngine.Tests.Domain;

public class MembershipValidatorTests
{
    private static readonly Membership Current = new(AgentKey.Local(7), Level: 2, Position: 4);

    private static Membership Valid(ValidationResult<Membership> result)
    {
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result.Value;
    }

    private static void AssertRejected(ValidationResult<Membership> result, params string[] fields)
    {
        Assert.False(result.IsValid);
        Assert.Equal(fields.Order(), result.Errors.Keys.Order());
    }

    [Fact]
    public void Create_defaults_level_and_position_to_0()
    {
        Assert.Equal(new Membership(AgentKey.Local(7), 0, 0), Valid(MembershipValidator.Create(AgentKind.Local, Parse("""{"agent_id": 7}"""))));
    }

    [Fact]
    public void Create_takes_the_kind_from_the_caller()
    {
        var created = Valid(MembershipValidator.Create(AgentKind.Remote, Parse("""{"agent_id": 9, "level": 1, "position": 3}""")));

        Assert.Equal(new Membership(AgentKey.Remote(9), 1, 3), created);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"agent_id": null}""")]
    [InlineData("""{"level": 1}""")]
    public void Create_requires_the_agent_id(string body)
    {
        var result = MembershipValidator.Create(AgentKind.Local, Parse(body));

        AssertRejected(result, "agent_id");
        Assert.Equal("is required", result.Errors["agent_id"][0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("\"7\"")]
    [InlineData("7.5")]
    [InlineData("99999999999999999999")]
    public void The_agent_id_is_a_positive_whole_number(string value)
    {
        AssertRejected(MembershipValidator.Create(AgentKind.Local, Field("agent_id", value)), "agent_id");
    }

    [Theory]
    [InlineData("level")]
    [InlineData("position")]
    public void Level_and_position_take_0_to_int_max(string field)
    {
        Assert.Equal(0, (int?)MembershipValidator.ToJson(Valid(MembershipValidator.Update(Current, Field(field, "0"))))[field]);
        Assert.Equal(int.MaxValue, (int?)MembershipValidator.ToJson(Valid(MembershipValidator.Update(Current, Field(field, "2147483647"))))[field]);
        foreach (var value in new[] { "-1", "2147483648", "1.5", "\"1\"", "true" })
        {
            AssertRejected(MembershipValidator.Update(Current, Field(field, value)), field);
            AssertRejected(MembershipValidator.Create(AgentKind.Local, Parse($$"""{"agent_id": 1, "{{field}}": {{value}}}""")), field);
        }
    }

    [Fact]
    public void Update_is_partial_and_null_resets_to_0()
    {
        Assert.Equal(Current with { Level = 5 }, Valid(MembershipValidator.Update(Current, Parse("""{"level": 5}"""))));
        Assert.Equal(Current with { Position = 0 }, Valid(MembershipValidator.Update(Current, Parse("""{"position": null}"""))));
        Assert.Equal(Current, Valid(MembershipValidator.Update(Current, Parse("{}"))));
    }

    [Fact]
    public void Update_cannot_change_the_agent()
    {
        AssertRejected(MembershipValidator.Update(Current, Parse("""{"agent_id": 8, "level": 1}""")), "agent_id");
    }

    [Fact]
    public void Unknown_fields_and_non_object_bodies_are_rejected()
    {
        AssertRejected(MembershipValidator.Create(AgentKind.Local, Parse("""{"agent_id": 1, "priority": 2, "queue": 3}""")), "priority", "queue");
        AssertRejected(MembershipValidator.Update(Current, Parse("""{"weight": 1}""")), "weight");
        AssertRejected(MembershipValidator.Update(Current, Parse("[1, 2]")), "$");
        AssertRejected(MembershipValidator.Create(AgentKind.Local, Parse("7")), "$", "agent_id");
    }

    [Fact]
    public void Every_bad_field_is_reported_together()
    {
        AssertRejected(MembershipValidator.Create(AgentKind.Local, Parse("""{"agent_id": -1, "level": -1, "position": "x"}""")),
            "agent_id", "level", "position");
    }

    [Fact]
    public void ToJson_names_the_agent_by_id()
    {
        var json = MembershipValidator.ToJson(Current);

        Assert.Equal("""{"agent_id":7,"level":2,"position":4}""", json.ToJsonString());
    }
}
