using OctoOrchestrate.Cli.Progress;

namespace OctoOrchestrate.Tests.Cli.Progress;

/// <summary>The progress display: the plain timestamped lines of CI and redirects, and the terminal's live block.</summary>
public sealed class ProgressDisplayTests
{
    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    sealed class ManualClock
    {
        public TimeSpan Now { get; set; }
    }

    [Theory]
    [InlineData("2026-12-01T14:03:07Z", "api: building 1.2.0", "[14:03:07] api: building 1.2.0")]
    [InlineData("2026-12-01T00:00:59Z", "deploy: 2 component(s) to Dev", "[00:00:59] deploy: 2 component(s) to Dev")]
    [InlineData("2026-12-01T23:59:00Z", "web\u001b[31m: tests passed", "[23:59:00] web\\x1b[31m: tests passed")]
    public void Plain_lines_start_with_the_time_of_day_and_escape_control_characters(string utc, string reported, string expected)
    {
        var error = new StringWriter();
        new PlainProgress(error, new FixedTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture))).Report(reported);

        Assert.Equal(expected + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void The_board_follows_builds_deployments_and_tests_from_the_pipeline_lines()
    {
        var board = new ProgressBoard();
        board.Observe("db: building 2026.4.0.1", TimeSpan.FromSeconds(1));
        board.Observe("api: building 2026.4.0.1", TimeSpan.FromSeconds(2));
        board.Observe("deploy: 2 component(s) to Dev", TimeSpan.FromSeconds(2));
        Assert.Equal(["  db      3.0s  building 2026.4.0.1", "  api     2.0s  building 2026.4.0.1"], board.Render(TimeSpan.FromSeconds(4), 80));

        board.Observe("db: built in 3.1s", TimeSpan.FromSeconds(4));
        board.Observe("db: deploying 2026.4.0.1 to Dev", TimeSpan.FromSeconds(5));
        board.Observe("api: build failed (exit code 1) after 4.0s; log x.log", TimeSpan.FromSeconds(6));
        Assert.Equal(["  db     1.0s  deploying 2026.4.0.1 to Dev"], board.Render(TimeSpan.FromSeconds(6), 80));

        board.Observe("db 2026.4.0.1 -> Dev: waiting for a manual intervention in Octopus (ServerTasks-1)", TimeSpan.FromSeconds(70));
        Assert.Equal(["  db    1m10s  deploying 2026.4.0.1 to Dev"], board.Render(TimeSpan.FromSeconds(75), 80));
        board.Observe("db 2026.4.0.1 -> Dev: deployed (71.0s)", TimeSpan.FromSeconds(76));
        board.Observe("db: testing in Dev", TimeSpan.FromSeconds(76));
        Assert.Equal(["  db     0.5s  testing in Dev"], board.Render(TimeSpan.FromSeconds(76.5), 80));
        board.Observe("db: tests passed", TimeSpan.FromSeconds(80));
        Assert.Empty(board.Render(TimeSpan.FromSeconds(80), 80));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(24)]
    [InlineData(40)]
    public void A_board_line_never_wraps_so_the_block_can_be_erased_by_counting_lines(int width)
    {
        var board = new ProgressBoard();
        board.Observe("a-component-with-a-long-name: deploying 2026.4.0.123 to Production-Europe-West", TimeSpan.Zero);
        board.Observe("web: building 1.0", TimeSpan.Zero);

        var lines = board.Render(TimeSpan.FromSeconds(3), width);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.True(line.Length <= width, $"'{line}' is longer than {width}"));
        Assert.EndsWith("…", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_that_name_no_running_work_leave_the_board_alone()
    {
        var board = new ProgressBoard();
        board.Observe("release: creating releases", TimeSpan.Zero);
        board.Observe("verify: testing 2 component(s) in Dev", TimeSpan.Zero);
        board.Observe("waiting: another run holds /x/.octo-orchestrate/run.lock", TimeSpan.Zero);
        board.Observe("tagged api/2026.4.0.1", TimeSpan.Zero);

        Assert.Equal(0, board.Count);
    }

    [Fact]
    public void The_terminal_keeps_every_line_and_redraws_the_running_components_in_place()
    {
        var error = new StringWriter();
        var clock = new ManualClock();
        using var display = new TerminalProgress(error, () => 80, () => clock.Now);

        display.Report("db: building 1.0.0");
        clock.Now = TimeSpan.FromSeconds(1);
        display.Report("api: building 1.0.0");
        clock.Now = TimeSpan.FromSeconds(2.5);
        display.Redraw();
        Assert.Equal(
            ["+0.0s db: building 1.0.0", "+1.0s api: building 1.0.0", "  db      2.5s  building 1.0.0", "  api     1.5s  building 1.0.0"],
            ScreenEmulator.Render(error.ToString()));

        clock.Now = TimeSpan.FromSeconds(3);
        display.Report("db: built in 3.0s");
        clock.Now = TimeSpan.FromSeconds(65);
        display.Redraw();
        Assert.Equal(
            ["+0.0s db: building 1.0.0", "+1.0s api: building 1.0.0", "+3.0s db: built in 3.0s", "  api    1m04s  building 1.0.0"],
            ScreenEmulator.Render(error.ToString()));

        display.Report("api: built in 64.0s");
        Assert.Equal(
            ["+0.0s db: building 1.0.0", "+1.0s api: building 1.0.0", "+3.0s db: built in 3.0s", "+1m05s api: built in 64.0s"],
            ScreenEmulator.Render(error.ToString()));
    }

    [Fact]
    public void Disposing_the_terminal_display_erases_a_block_still_on_screen()
    {
        var error = new StringWriter();
        var display = new TerminalProgress(error, () => 80, () => TimeSpan.FromSeconds(2));
        display.Report("db: deploying 1.0.0 to Dev");
        Assert.Equal(2, ScreenEmulator.Render(error.ToString()).Count);

        display.Dispose();

        Assert.Equal(["+2.0s db: deploying 1.0.0 to Dev"], ScreenEmulator.Render(error.ToString()));
    }

    [Fact]
    public void The_phase_clock_times_the_pipeline_markers_and_passes_every_line_on()
    {
        var clock = new ManualClock();
        var phases = new PhaseClock(() => clock.Now);
        var seen = new List<string>();
        var progress = phases.Watch(new ListProgress(seen.Add));
        phases.Start("load");
        clock.Now = TimeSpan.FromMilliseconds(40);
        phases.Start("build");
        progress.Report("deploy: building 1.0.0");  // a component named "deploy": not the deploy phase
        clock.Now = TimeSpan.FromMilliseconds(300);
        progress.Report("release: creating releases");
        clock.Now = TimeSpan.FromMilliseconds(320);
        progress.Report("deploy: 2 component(s) to Dev");
        clock.Now = TimeSpan.FromMilliseconds(400);
        progress.Report("verify: testing 1 component(s) in Dev");
        clock.Now = TimeSpan.FromMilliseconds(450);
        progress.Report("promote: Dev -> Test");
        clock.Now = TimeSpan.FromMilliseconds(470);

        Assert.Equal("phases: load 40 ms, build 260 ms, release 20 ms, deploy 80 ms, verify 50 ms, promote 20 ms", phases.Summary());
        Assert.Equal(5, seen.Count);
    }

    sealed class ListProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
