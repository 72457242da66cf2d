using OctoOrchestrate.Ports;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Ports;

public sealed class GitResolveAllTests
{
    [Fact]
    public async Task Resolves_several_revisions_to_the_same_commits_as_one_by_one()
    {
        using var repo = new TempGitRepo();
        var first = repo.Write("a.txt").Commit();
        var second = repo.Append("a.txt").Commit();
        repo.Git("tag", "v1", first);
        var git = new Git(repo.Path);

        Assert.Equal([first, second], await git.TryResolveAllAsync("HEAD~1", "HEAD") ?? []);
        Assert.Equal([first, second], await git.TryResolveAllAsync("v1", "main") ?? []);
    }

    [Fact]
    public async Task Returns_null_when_any_revision_is_unknown_or_only_a_file_name()
    {
        using var repo = new TempGitRepo();
        repo.Write("README.md").Commit();
        var git = new Git(repo.Path);

        Assert.Null(await git.TryResolveAllAsync("no-such-branch", "HEAD"));
        Assert.Null(await git.TryResolveAllAsync("README.md", "HEAD"));
        Assert.Null(await git.TryResolveAllAsync("HEAD~5", "HEAD"));
        Assert.Null(await git.TryResolveAllAsync("--all", "HEAD"));
    }
}
