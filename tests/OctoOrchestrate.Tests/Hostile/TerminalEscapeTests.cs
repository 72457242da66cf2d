using System.Text.Json;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>User-controlled text (file names, command output) reaches a terminal with its control characters shown as escapes.</summary>
public sealed class TerminalEscapeTests : IDisposable
{
    // Recolour, retitle the window (OSC ... BEL), clear the screen, an 8-bit CSI, a line break, a bidi override, a carriage return.
    static readonly string[] HostileNames =
    [
        "app/\u001b[31mRED\u001b[0m\u001b]0;pwned-title\u0007.txt",
        "app/clear\u001b[2J\u001b[H.txt",
        "app/c1\u009b31m.txt",
        "app/new\nline.txt",
        "app/bidi\u202etxt.exe",
        "app/cr\rover.txt",
    ];

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [ Dev, Test ]
            components:
              - name: app
                paths: [ "app/**" ]
              - name: noisy
                paths: [ "noisy/**" ]
                build: printf 'compiling\033]0;pwned\007\033[2J\n'; exit 9
            """)
        .Write("app/readme.txt", "1")
        .Write("noisy/x.c", "int x;");

    public TerminalEscapeTests()
    {
        repo.Commit("initial");
        foreach (var name in HostileNames) repo.Write(name, "x");
        repo.Commit("hostile names");
    }

    public void Dispose() => repo.Dispose();

    [Theory]
    [InlineData("affected", "--base", "HEAD~1")]
    [InlineData("affected", "--base", "HEAD~1", "--explain")]
    public async Task File_names_print_escaped_in_tables(params string[] args)
    {
        var outcome = await HostileCli.RunAsync(repo.Path, args);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        AssertNoControlCharacters(outcome.Out);
        // The table shows the first reason of a component (+N more); --explain shows them all.
        var shown = args.Contains("--explain") ? HostileNames : HostileNames.Where(n => outcome.Out.Contains(Terminal.Safe(n), StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(shown);
        foreach (var name in shown) Assert.Contains(Terminal.Safe(name), outcome.Out, StringComparison.Ordinal);
        if (args.Contains("--explain"))
        {
            Assert.Contains(@"\x1b[31mRED\x1b[0m\x1b]0;pwned-title\x07.txt", outcome.Out, StringComparison.Ordinal);
            Assert.Contains(@"c1\x9b31m.txt", outcome.Out, StringComparison.Ordinal);
            Assert.Contains(@"bidi\u202etxt.exe", outcome.Out, StringComparison.Ordinal);
            Assert.Contains(@"new\nline.txt", outcome.Out, StringComparison.Ordinal);
            Assert.Contains(@"cr\rover.txt", outcome.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Json_keeps_the_exact_names()
    {
        var outcome = await HostileCli.RunAsync(repo.Path, "affected", "--base", "HEAD~1", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        AssertNoControlCharacters(outcome.Out, bidiToo: false); // JSON escapes controls; a bidi mark is data there
        using var json = JsonDocument.Parse(outcome.Out);
        var paths = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "app")
            .GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("path").GetString()).ToHashSet();
        Assert.Superset(HostileNames.ToHashSet(), paths!);
    }

    [Fact]
    public async Task Command_output_shown_with_a_failure_is_escaped()
    {
        var outcome = await HostileCli.RunAsync(repo.Path, "build");

        Assert.Equal(ExitCodes.Failed, outcome.ExitCode);
        AssertNoControlCharacters(outcome.Error);
        AssertNoControlCharacters(outcome.Out);
        Assert.Contains(@"compiling\x1b]0;pwned\x07\x1b[2J", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain/name.txt", "plain/name.txt")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("del\u007f", @"del\x7f")]
    [InlineData("nul\0byte", @"nul\x00byte")]
    [InlineData("lrm\u200e rlo\u202e isolate\u2066", @"lrm\u200e rlo\u202e isolate\u2066")]
    [InlineData("unicode ✓ é 日本", "unicode ✓ é 日本")]
    public void Safe_escapes_only_what_a_terminal_would_act_on(string text, string shown) => Assert.Equal(shown, Terminal.Safe(text));

    [Fact]
    public void Safe_keeps_line_breaks_only_when_asked() =>
        Assert.Equal("first\nsecond \\x1b[1m", Terminal.Safe("first\nsecond \u001b[1m", keepLineBreaks: true));

    // Line breaks are the output's own; every other control character (ESC, BEL, CR, C1) must have been escaped.
    static void AssertNoControlCharacters(string text, bool bidiToo = true)
    {
        var found = text.Where(c => c != '\n' && (char.IsControl(c) || bidiToo && c is >= '\u202a' and <= '\u202e')).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(found.Count == 0, $"control characters {string.Join(", ", found)} in:\n{text}");
    }
}
