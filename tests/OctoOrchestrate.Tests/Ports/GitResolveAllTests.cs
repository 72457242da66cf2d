using OctoOrchestrate.Ports;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Ports;

public sealed class GitResolveAllTests
{
    [Fact]
    public void Resolves_several_revisions_to_the_same_commits_as_one_by_one()
    {
        using var repo = new TempGitRepo();
        var first = repo.Write("a.txt").Commit();
        var second = repo.Append("a.txt").Commit();
        repo.Git("tag", "v1", first);
        var git = new Git(repo.Path);

        Assert.Equal([first, second], git.TryResolveAll("HEAD~1", "HEAD") ?? []);
        Assert.Equal([first, second], git.TryResolveAll("v1", "main") ?? []);
    }

    [Fact]
    public void Returns_null_when_any_revision_is_unknown_or_only_a_file_name()
    {
        using var repo = new TempGitRepo();
        repo.Write("README.md").Commit();
        var git = new Git(repo.Path);

        Assert.Null(git.TryResolveAll("no-such-branch", "HEAD"));
        Assert.Null(git.TryResolveAll("README.md", "HEAD"));
        Assert.Null(git.TryResolveAll("HEAD~5", "HEAD"));
        Assert.Null(git.TryResolveAll("--all", "HEAD"));
    }
}
