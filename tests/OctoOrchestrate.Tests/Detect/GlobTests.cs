using OctoOrchestrate.Detect;

namespace OctoOrchestrate.Tests.Detect;

public sealed class GlobTests
{
    [Theory]
    [InlineData("services/*", "services/a.cs", true)]
    [InlineData("services/*", "services/a/b.cs", false)]
    [InlineData("services/**", "services/a/b/c.cs", true)]
    [InlineData("services/**/*.md", "services/README.md", true)]
    [InlineData("services/**/*.md", "services/a/b/notes.md", true)]
    [InlineData("services/**/*.md", "services/a/b/notes.mdx", false)]
    [InlineData("services/product", "services/product/src/a.cs", true)]
    [InlineData("services/product", "services/productivity/a.cs", false)]
    [InlineData("**/*.sql", "db/1.sql", true)]
    [InlineData("db/?.sql", "db/1.sql", true)]
    [InlineData("db/?.sql", "db/10.sql", false)]
    [InlineData("Services/**", "services/a.cs", false)]
    public void Matches_like_git(string pattern, string path, bool expected) => Assert.Equal(expected, new Glob(pattern).IsMatch(path));

    [Fact]
    public void The_last_matching_rule_wins()
    {
        var rules = new PathRules(["web/**", "!web/**/*.md", "web/docs/KEEP.md"]);

        Assert.True(rules.IsMatch("web/index.html"));
        Assert.False(rules.IsMatch("web/docs/other.md"));
        Assert.True(rules.IsMatch("web/docs/KEEP.md"));
        Assert.False(rules.IsMatch("api/index.html"));
    }

    [Fact]
    public void Buckets_by_the_literal_folder_of_each_glob()
    {
        Assert.Equal(["services/product", ""], new PathRules(["services/product/**", "**/*.props", "!services/product/x"]).Folders);
    }
}
