using System.Text.RegularExpressions;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>Framework failures reach the user as one readable sentence with the right exit code, never a resource key or a stack trace.</summary>
public sealed partial class MessageTests : IDisposable
{
    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", "train: 2026.4.0\nenvironments: [ Dev, Test ]\ncomponents:\n  - name: a\n    paths: [ \"a/**\" ]\n")
        .Write("a/f.txt", "1");

    public MessageTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    public static TheoryData<string> UnusableStateFolders => new()
    {
        "octo-orchestrate.yaml",            // a file, not a folder
        "octo-orchestrate.yaml/state",      // below a file
        "/proc/self/no-such-state-folder",  // a folder no one may create
    };

    [Theory]
    [MemberData(nameof(UnusableStateFolders))]
    public async Task An_unusable_state_folder_is_one_sentence_naming_the_path_without_resource_keys_or_stack(string state)
    {
        var outcome = await HostileCli.RunAsync(repo.Path, "status", "--state", state);

        Assert.Contains(outcome.ExitCode, new[] { ExitCodes.Failed, ExitCodes.BadInput, ExitCodes.ReleaseServerFailed });
        AssertOneReadableError(outcome);
        Assert.Contains(Path.GetFileName(state), outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("affected")]
    [InlineData("version")]
    [InlineData("ci")]
    public async Task Git_missing_from_PATH_is_exit_3_with_the_fix(string command)
    {
        var emptyFolder = Directory.CreateTempSubdirectory("octo-orchestrate-no-git-").FullName;
        try
        {
            var outcome = await HostileCli.RunAsync(repo.Path, new Dictionary<string, string?> { ["PATH"] = emptyFolder }, command);

            Assert.True(outcome.ExitCode == ExitCodes.GitFailed, outcome.Error);
            AssertOneReadableError(outcome);
            Assert.Contains("git", outcome.Error, StringComparison.Ordinal);
            Assert.Contains("PATH", outcome.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyFolder);
        }
    }

    [Theory]
    [InlineData("deploy", "--to", "Dev", "--timeout", "99999999999")]
    [InlineData("promote", "--from", "Dev", "--to", "Test", "--timeout", "2147483648")]
    [InlineData("ci", "--parallel", "1e3")]
    [InlineData("pack", "--parallel", "four")]
    public async Task A_number_option_that_does_not_parse_names_the_flag_and_the_value(params string[] args)
    {
        var outcome = await HostileCli.RunAsync(repo.Path, args);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var flag = args[^2];
        var value = args[^1];
        Assert.Contains($"{flag}: '{value}'", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".octo-orchestrate", "environments")), "nothing is written on bad input");
    }

    [Theory]
    [InlineData("affected", "--json")]
    [InlineData("affected")]
    [InlineData("version", "--json")]
    [InlineData("status")]
    public async Task A_full_stdout_is_a_clear_error_and_exit_1_not_a_crash(params string[] args)
    {
        if (!File.Exists("/dev/full")) return;

        var outcome = await HostileCli.RunRedirectedAsync(repo.Path, "> /dev/full", args);

        Assert.True(outcome.ExitCode == ExitCodes.Failed, $"exit {outcome.ExitCode}: {outcome.Error}");
        AssertOneReadableError(outcome);
        Assert.Contains("cannot write to standard output", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("affected", "--json")]
    [InlineData("version")]
    public async Task A_closed_stdout_stays_quiet(params string[] args)
    {
        var outcome = await HostileCli.RunRedirectedAsync(repo.Path, "| true", args);

        Assert.True(outcome.ExitCode == ExitCodes.Success, outcome.Error);
        Assert.Equal("", outcome.Error);
    }

    public static TheoryData<Exception, int, string> Failures => new()
    {
        { new FileNotFoundException("Could not find file '/srv/x/ledger.db'.", "/srv/x/ledger.db"), ExitCodes.Failed, "/srv/x/ledger.db" },
        { new DirectoryNotFoundException("Could not find a part of the path '/srv/missing/y'."), ExitCodes.Failed, "/srv/missing/y" },
        { new UnauthorizedAccessException("Access to the path '/srv/locked' is denied."), ExitCodes.Failed, "permissions" },
        { new IOException("No space left on device : '/srv/full/p.zip'", 28), ExitCodes.Failed, "Free disk space" },
        { new InvalidCastException("Unable to cast object of type 'A' to type 'B'."), ExitCodes.InternalError, ErrorReport.DebugVariable + "=1" },
        { new NullReferenceException(), ExitCodes.InternalError, "internal error" },
        { new OperationCanceledException(), ExitCodes.Canceled, "rerun the same command" },
        { new BadInputException("--to: no environment 'Prod'."), ExitCodes.BadInput, "--to" },
    };

    // Exceptions the real tool cannot be made to throw on demand (a bug, a full disk mid-write): the mapping itself.
    [Theory]
    [MemberData(nameof(Failures))]
    public void Every_exception_maps_to_one_exit_code_and_a_message_with_what_to_do(Exception exception, int exitCode, string expected)
    {
        var failure = ErrorReport.Describe(exception);

        Assert.Equal(exitCode, failure.ExitCode);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n   at ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_error_shows_its_stack_only_with_OO_DEBUG()
    {
        Exception thrown;
        try { throw new InvalidOperationException("boom"); }
        catch (InvalidOperationException ex) { thrown = ex; }

        var quiet = Report(thrown, debug: null);
        var verbose = Report(thrown, debug: "1");

        Assert.Single(quiet.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("internal error", quiet, StringComparison.Ordinal);
        Assert.Contains(" at ", verbose, StringComparison.Ordinal);
        Assert.Contains(nameof(An_unexpected_error_shows_its_stack_only_with_OO_DEBUG), verbose, StringComparison.Ordinal);
    }

    static string Report(Exception exception, string? debug)
    {
        var previous = Environment.GetEnvironmentVariable(ErrorReport.DebugVariable);
        Environment.SetEnvironmentVariable(ErrorReport.DebugVariable, debug);
        try
        {
            var error = new StringWriter();
            ErrorReport.Write(ErrorReport.Describe(exception), exception, new StringWriter(), error, json: false);
            return error.ToString();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ErrorReport.DebugVariable, previous);
        }
    }

    static void AssertOneReadableError(CliOutcome outcome)
    {
        Assert.DoesNotContain("Unhandled exception", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), outcome.Error);
        Assert.DoesNotMatch(ResourceKey(), outcome.Error);
        Assert.StartsWith($"{CliApp.Name}: error: ", outcome.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    // What UseSystemResourceKeys printed instead of a message: IO_PathNotFound_Path, ErrorStartingProcess, ...
    [GeneratedRegex(@"\b(IO|Arg|UnauthorizedAccess|Argument)_[A-Za-z]+|\bErrorStartingProcess\b")]
    private static partial Regex ResourceKey();
}
