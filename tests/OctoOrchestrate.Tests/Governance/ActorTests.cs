using OctoOrchestrate.Governance;

namespace OctoOrchestrate.Tests.Governance;

public sealed class ActorTests
{
    static Func<string, string?> Variables(params (string Name, string Value)[] set) => name => set.FirstOrDefault(s => s.Name == name).Value;

    [Theory]
    [InlineData("OO_USER", "olivia")]
    [InlineData("GITHUB_ACTOR", "octocat")]
    [InlineData("BUILD_REQUESTEDFOR", "Ada Lovelace")]
    [InlineData("GITLAB_USER_LOGIN", "gitlabber")]
    [InlineData("TEAMCITY_BUILD_TRIGGEREDBY_USERNAME", "tc-user")]
    public void Each_ci_servers_user_is_read_and_its_source_named(string variable, string value)
    {
        var actor = Actor.Resolve(null, Variables((variable, value)));
        Assert.Equal(value, actor.Name);
        Assert.Equal(variable, actor.Source);
    }

    [Fact]
    public void As_wins_then_OO_USER_then_the_ci_server()
    {
        var all = Variables(("OO_USER", "oo"), ("GITHUB_ACTOR", "gh"), ("GITLAB_USER_LOGIN", "gl"));
        Assert.Equal(new Actor("given", "--as"), Actor.Resolve("given", all));
        Assert.Equal(new Actor("oo", "OO_USER"), Actor.Resolve(null, all));
        Assert.Equal(new Actor("gh", "GITHUB_ACTOR"), Actor.Resolve(null, Variables(("GITHUB_ACTOR", "gh"), ("GITLAB_USER_LOGIN", "gl"))));
    }

    [Fact]
    public void Without_any_the_operating_system_user_acts()
    {
        var actor = Actor.Resolve(null, _ => null);
        Assert.Equal(Environment.UserName, actor.Name);
        Assert.Equal("the operating system user", actor.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("evil\u001b[2J")]
    public void A_name_that_is_no_user_is_bad_input_naming_the_flag(string name)
    {
        var error = Assert.Throws<BadInputException>(() => Actor.Resolve(name, _ => null));
        Assert.Contains("--as", error.Message, StringComparison.Ordinal);
    }
}
