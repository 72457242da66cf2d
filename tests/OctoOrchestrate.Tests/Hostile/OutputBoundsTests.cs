using OctoOrchestrate.Ports;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// A command's output goes line by line to its log; memory keeps only a bounded tail, and a huge line arrives in bounded pieces.
/// Asserts what is kept and passed on (not timing or RSS, which a shared machine cannot measure reliably).
/// </summary>
public sealed class OutputBoundsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("octo-orchestrate-output-").FullName;

    static readonly Dictionary<string, string?> NoVariables = [];

    [Fact]
    public async Task Two_hundred_megabytes_of_lines_are_all_passed_on_while_only_the_tail_is_kept()
    {
        if (!Processes.IsLinux) return;
        long lines = 0, chars = 0;
        var longest = 0;

        var result = await ComponentShell.RunAsync("yes \"$(printf '%099d' 7)\" 2>/dev/null | head -n 2000000; echo LAST", folder, NoVariables, line =>
        {
            lines++;
            chars += line.Length;
            longest = Math.Max(longest, line.Length);
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2_000_001, lines);
        Assert.Equal(2_000_000L * 99 + 4, chars);
        Assert.Equal(99, longest);
        Assert.True(result.OutputTruncated);
        Assert.InRange(result.StandardOutput.Length, CommandOutput.TailChars - 200, CommandOutput.TailChars + 100);
        Assert.EndsWith(new string('0', 98) + "7\nLAST\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_300_megabyte_line_is_passed_on_in_bounded_pieces_and_the_kept_tail_stays_small()
    {
        if (!Processes.IsLinux) return;
        long ys = 0, pieces = 0;
        var longest = 0;
        var last = "";

        var result = await ComponentShell.RunAsync("head -c 300000000 /dev/zero | tr '\\0' y; echo; echo END", folder, NoVariables, line =>
        {
            pieces++;
            ys += line.Count(c => c == 'y');
            longest = Math.Max(longest, line.Length);
            last = line;
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(300_000_000L, ys);
        Assert.Equal(CommandOutput.MaxLineChars, longest);
        Assert.True(pieces >= 300_000_000L / CommandOutput.MaxLineChars);
        Assert.Equal("END", last);
        Assert.True(result.StandardOutput.Length <= 2 * CommandOutput.TailChars, $"kept {result.StandardOutput.Length} chars");
        Assert.EndsWith("y\nEND\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("😀")]
    [InlineData("a€😀")]
    public async Task A_long_line_of_multibyte_characters_is_split_without_breaking_a_character(string unit)
    {
        if (!Processes.IsLinux) return;
        var repeat = (3 * CommandOutput.MaxLineChars / unit.Length) + 7;
        var expected = string.Concat(Enumerable.Repeat(unit, repeat));
        File.WriteAllText(Path.Combine(folder, "long.txt"), expected + "\n");
        var received = new List<string>();

        await ComponentShell.RunAsync("cat long.txt", folder, NoVariables, received.Add);

        Assert.Equal(expected, string.Concat(received));
        Assert.All(received, piece => Assert.False(char.IsHighSurrogate(piece[^1]), "a piece ends inside a surrogate pair"));
        Assert.All(received, piece => Assert.True(piece.Length <= CommandOutput.MaxLineChars));
    }

    [Fact]
    public async Task Everything_goes_to_the_log_file_and_a_failure_shows_only_the_logs_last_lines()
    {
        if (!Processes.IsLinux) return;
        var log = Path.Combine(folder, "logs", "big.log");

        var result = await ShellCommand.RunAsync("seq 1 3000000; exit 4", folder, NoVariables, log);

        Assert.Equal(4, result.ExitCode);
        Assert.True(result.OutputTruncated);
        Assert.True(result.StandardOutput.Length <= CommandOutput.TailChars + 16);
        var written = File.ReadLines(log).Skip(1).Take(3_000_000).Select(long.Parse);
        Assert.True(written.SequenceEqual(Enumerable.Range(1, 3_000_000).Select(i => (long)i)), "every line is in the log, in order");
        var tail = ShellCommand.Tail(log, 3).Split('\n');
        Assert.Equal(["2999999", "3000000"], tail[..2]);
        Assert.StartsWith("# exited with code 4", tail[2], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
