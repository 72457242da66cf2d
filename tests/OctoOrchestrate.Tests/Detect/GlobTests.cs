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

    // The index buckets components by these folders without building their globs; a different folder would hide owners.
    [Theory]
    [InlineData("services/product/**")]
    [InlineData("services/product")]
    [InlineData("services/product/")]
    [InlineData("/services//product/*.cs")]
    [InlineData("a//b/c")]
    [InlineData("a/b[x]/c/**")]
    [InlineData("a/b?/c")]
    [InlineData("global.json")]
    [InlineData("**/*.props")]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("///")]
    [InlineData("x/y/z/file.txt")]
    [InlineData(" spaced /a/**")]
    public void The_literal_folder_without_the_glob_is_the_globs_own(string pattern)
    {
        Assert.Equal(new Glob(pattern).LiteralFolder, Glob.LiteralFolderOf(pattern));
        string[] rules = [pattern, "!" + pattern + "/x", "docs/**", pattern];
        Assert.Equal(new PathRules(rules).Folders, PathRules.FoldersOf(rules));
    }
}
