using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.CiOutput;

/// <summary>A manifest error becomes the CI server's own annotation, pointing at the file and line, even in a folder named with the servers' separators.</summary>
public sealed class ManifestAnnotationTests : IDisposable
{
    readonly TempGitRepo repo = new TempGitRepo()
        .Write("we%ird,dir:x]y;z/octo-orchestrate.yaml", "train: 2026.4.0\ncomponents:\n  - name: api\n    paths: [ \"api/**\" ]\n    uses: [ nothing ]\n")
        .Write("we%ird,dir:x]y;z/api/a.cs", "// a");

    public ManifestAnnotationTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    [Theory]
    [InlineData("github", "::error file=", "we%25ird%2Cdir%3Ax]y;z/octo-orchestrate.yaml,line=3::")]
    [InlineData("azure", "##vso[task.logissue type=error;sourcepath=", "we%AZP25ird,dir:x%5Dy%3Bz/octo-orchestrate.yaml;linenumber=3]")]
    [InlineData("teamcity", "##teamcity[buildProblem description='", "we%ird,dir:x|]y;z/octo-orchestrate.yaml(3): ")]
    public async Task Manifest_errors_are_annotated_with_file_and_line(string ci, string start, string location)
    {
        var run = await CliRun.RunAsync(repo.Path, "affected", "--manifest", "we%ird,dir:x]y;z", "--ci", ci);

        Assert.Equal(2, run.ExitCode);
        var line = run.Out.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.Contains(location, line, StringComparison.Ordinal);
        Assert.Contains("nothing", line, StringComparison.Ordinal);
        Assert.Contains("octo-orchestrate: error:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ci_server_only_stderr_tells()
    {
        var run = await CliRun.RunAsync(repo.Path, "affected", "--manifest", "we%ird,dir:x]y;z", "--ci", "none");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
    }
}
