using System.Text.Json;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>With <c>--json</c> every error, parse errors included, is also one JSON object on stdout: <c>{"error":{"code","message"}}</c>.</summary>
public sealed class JsonErrorTests : IDisposable
{
    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", "train: 2026.4.0\nenvironments: [ Dev, Test ]\ncomponents:\n  - name: a\n    paths: [ \"a/**\" ]\n")
        .Write("a/f.txt", "1");

    public JsonErrorTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    public static TheoryData<int, string[]> Errors => new()
    {
        { ExitCodes.BadInput, ["affected", "--json", "--no-such-flag"] },                      // System.CommandLine: unknown option
        { ExitCodes.BadInput, ["deploy", "--json"] },                                          // System.CommandLine: required --to missing
        { ExitCodes.BadInput, ["ci", "--json", "--parallel", "many"] },                        // System.CommandLine: not a number
        { ExitCodes.BadInput, ["affected", "--json", "--base", "no-such-revision"] },          // the tool's own bad input
        { ExitCodes.BadInput, ["status", "--json", "--manifest", "missing.yaml"] },            // a missing manifest
        { ExitCodes.BadInput, ["deploy", "--json", "--to", "Dev", "--component", "nope"] },    // an unknown component
        { ExitCodes.BadInput, ["no-such-command", "--json"] },                                 // an unknown command
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task An_error_with_json_is_one_json_error_object_on_stdout_and_a_line_on_stderr(int exitCode, string[] args)
    {
        var outcome = await HostileCli.RunAsync(repo.Path, args);

        AssertJsonError(outcome, exitCode);
    }

    [Fact]
    public async Task A_state_folder_that_is_a_file_gives_a_json_error_too()
    {
        var outcome = await HostileCli.RunAsync(repo.Path, "status", "--json", "--state", "octo-orchestrate.yaml");

        Assert.NotEqual(ExitCodes.Success, outcome.ExitCode);
        AssertJsonError(outcome, outcome.ExitCode);
    }

    [Fact]
    public async Task Git_missing_gives_a_json_error_with_code_3()
    {
        var emptyFolder = Directory.CreateTempSubdirectory("octo-orchestrate-no-git-").FullName;
        try
        {
            var outcome = await HostileCli.RunAsync(repo.Path, new Dictionary<string, string?> { ["PATH"] = emptyFolder }, "affected", "--json");

            AssertJsonError(outcome, ExitCodes.GitFailed);
        }
        finally
        {
            Directory.Delete(emptyFolder);
        }
    }

    [Fact]
    public async Task Without_json_stdout_stays_empty_on_error()
    {
        var outcome = await HostileCli.RunAsync(repo.Path, "affected", "--no-such-flag");

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        Assert.Contains("--no-such-flag", outcome.Error, StringComparison.Ordinal);
    }

    static void AssertJsonError(CliOutcome outcome, int exitCode)
    {
        Assert.True(outcome.ExitCode == exitCode, $"exit {outcome.ExitCode}: {outcome.Error}");
        using var json = JsonDocument.Parse(outcome.Out);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(exitCode, error.GetProperty("code").GetInt32());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Single(json.RootElement.EnumerateObject());
        // The same message for a human reading the CI log.
        Assert.Contains(message!.Split('\n')[0], outcome.Error, StringComparison.Ordinal);
    }
}
