using System.Diagnostics;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cli.Progress;

/// <summary>
/// The real command line with stderr on a pseudo-terminal (util-linux <c>script</c>): the live block appears, is redrawn
/// in place while a build runs, and is gone at the end; the same run redirected prints timestamped lines only.
/// </summary>
public sealed class TerminalProgressInPtyTests : IDisposable
{
    const string Manifest = """
        train: 2026.4.0
        components:
          - name: slow
            paths: [ "slow/**" ]
            build: sleep 2.5 && cp -R slow/. "$OO_OUTPUT/"
          - name: quick
            paths: [ "quick/**" ]
            build: cp -R quick/. "$OO_OUTPUT/"
        """;

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("slow/a.txt", "a")
        .Write("quick/b.txt", "b");

    public TerminalProgressInPtyTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task In_a_terminal_the_running_components_are_redrawn_in_place_and_erased_at_the_end()
    {
        if (!File.Exists("/usr/bin/script")) return; // util-linux's script: Linux CI has it; the line-format test below still runs

        var raw = await RunAsync(terminal: true, "build");

        // The block named the slow build with an elapsed time, was erased and drawn again (the ticker), …
        Assert.Matches(@"  slow\s+\d+\.\ds  building 2026\.4\.0\.1", raw);
        Assert.True(CountOf(raw, "\e[J") >= 3, $"expected the block to be redrawn several times: {Printable(raw)}");
        // … and what stays on the screen is the steps, each with the time since the start, and no block.
        var screen = ScreenEmulator.Render(raw.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains(screen, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\+\d+\.\ds slow: built in \d+\.\ds$"));
        Assert.DoesNotContain(screen, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^  slow\s+\d"));
    }

    [Fact]
    public async Task Redirected_the_same_run_prints_plain_lines_with_the_time_of_day()
    {
        var raw = await RunAsync(terminal: false, "build");

        Assert.DoesNotContain("\e[", raw, StringComparison.Ordinal);
        var lines = raw.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d\] slow: building 2026\.4\.0\.1$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d\] quick: built in \d+\.\ds$"));
    }

    async Task<string> RunAsync(bool terminal, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = string.Join(' ', new[] { dotnet, typeof(CliApp).Assembly.Location }.Concat(args).Select(Quote));
        var start = terminal
            // script gives the command a pseudo-terminal and copies what it writes there to our stdout; stdout of the CLI
            // goes to /dev/null so only stderr (the progress) is on that terminal.
            ? new ProcessStartInfo("script", ["-qec", command + " > /dev/null", "/dev/null"])
            : new ProcessStartInfo("bash", ["-c", command + " 2>&1 > /dev/null"]);
        start.WorkingDirectory = repo.Path;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var name in new[] { "CI", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "TEAMCITY_VERSION" }) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await error}");
        return await output;
    }

    static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    static string Printable(string text) => text.Replace("\e", "\\e", StringComparison.Ordinal);
}
