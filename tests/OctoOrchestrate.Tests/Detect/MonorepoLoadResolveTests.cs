using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Detect;

public sealed class MonorepoLoadResolveTests : IDisposable
{
    readonly TempGitRepo repo = PetShopManifest.CreateRepo();

    public void Dispose() => repo.Dispose();

    [Fact]
    public void Resolves_the_range_in_the_same_load_and_finds_the_repository()
    {
        var first = repo.Head;
        var second = repo.Append("services/cart/Program.cs").Commit();

        var monorepo = Monorepo.Load(null, repo.Path, ["HEAD~1", "HEAD"], out var commits);

        Assert.Equal([first, second], commits ?? []);
        Assert.Equal(Monorepo.Load(workingDirectory: repo.Path).RepositoryRoot, monorepo.RepositoryRoot);
        Assert.Equal("", monorepo.ManifestPrefix);
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("README-that-is-not-there.md")]
    [InlineData("--all")]
    public void Leaves_commits_null_but_still_loads_when_a_revision_does_not_resolve(string revision)
    {
        var monorepo = Monorepo.Load(null, repo.Path, [revision, "HEAD"], out var commits);

        Assert.Null(commits);
        Assert.Equal(Monorepo.Load(workingDirectory: repo.Path).RepositoryRoot, monorepo.RepositoryRoot);
    }

    [Fact]
    public void Reports_a_folder_outside_git_as_before_when_revisions_are_given()
    {
        var outside = Directory.CreateTempSubdirectory("oo-load-resolve-");
        try
        {
            File.Copy(System.IO.Path.Combine(repo.Path, "octo-orchestrate.yaml"), System.IO.Path.Combine(outside.FullName, "octo-orchestrate.yaml"));

            var plain = Assert.Throws<GitException>(() => Monorepo.Load(workingDirectory: outside.FullName));
            var withRange = Assert.Throws<GitException>(() => Monorepo.Load(null, outside.FullName, ["HEAD~1", "HEAD"], out _));

            Assert.Equal(plain.Message, withRange.Message);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_invalid_manifest_fails_with_its_line_while_git_still_runs()
    {
        File.WriteAllText(System.IO.Path.Combine(repo.Path, "octo-orchestrate.yaml"), "train: 2026.4.0\ncomponents:\n  - name: a\n");

        for (var i = 0; i < 5; i++)
        {
            var error = Assert.Throws<ManifestException>(() => Monorepo.Load(null, repo.Path, ["HEAD"], out _));
            Assert.Equal(3, error.Line);
        }
    }
}
