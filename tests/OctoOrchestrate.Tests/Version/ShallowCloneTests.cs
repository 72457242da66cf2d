using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Version;

public sealed class ShallowCloneTests
{
    [Fact]
    public async Task A_shallow_clone_fails_with_the_fix_and_exit_code_4()
    {
        using var origin = PackTrainRepo.Create();
        origin.Append("api/Program.cs").Commit("second");
        using var clone = new TempGitRepo();
        clone.Git("fetch", "-q", "--depth", "1", $"file://{origin.Path}", "main");
        clone.Git("checkout", "-q", "FETCH_HEAD");

        var outcome = await CliRun.RunAsync(clone.Path, "version");

        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("git fetch --unshallow --tags", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("fetch-depth: 0", outcome.Error, StringComparison.Ordinal);
    }
}
