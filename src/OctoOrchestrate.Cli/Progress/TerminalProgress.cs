namespace OctoOrchestrate.Cli.Progress;

/// <summary>
/// Progress in a terminal: every line is printed once (with the time since the run started) and below them a block of
/// one line per running component with its elapsed time, redrawn in place every second and after every line.
/// </summary>
internal sealed class TerminalProgress : IProgress<string>, IDisposable
{
    // Cursor up N lines to column 1, then clear to the end of the screen: the block is replaced, never scrolled.
    static string Erase(int lines) => $"\e[{lines}F\e[J";

    readonly TextWriter error;
    readonly Func<int> width;
    readonly Func<TimeSpan> clock;
    readonly ProgressBoard board = new();
    readonly Lock gate = new();
    readonly Timer? ticker;
    int drawn;

    /// <param name="error">The terminal.</param>
    /// <param name="width">Its width now (a resize takes effect at the next redraw).</param>
    /// <param name="clock">Time since the run started; null: a stopwatch started now.</param>
    /// <param name="tick">How often the elapsed times are redrawn; null: never by itself (tests call <see cref="Redraw"/>).</param>
    public TerminalProgress(TextWriter error, Func<int> width, Func<TimeSpan>? clock = null, TimeSpan? tick = null)
    {
        this.error = error;
        this.width = width;
        this.clock = clock ?? PhaseClock.StartedNow();
        if (tick is { } period) ticker = new Timer(_ => Redraw(), null, period, period);
    }

    public void Report(string value)
    {
        lock (gate)
        {
            var now = clock();
            var line = $"+{ProgressBoard.Elapsed(now)} {Terminal.Safe(value)}";
            ClearBlock();
            error.WriteLine(line);
            board.Observe(value, now);
            DrawBlock(now);
        }
    }

    /// <summary>Redraws the running components' elapsed times (the ticker calls it).</summary>
    public void Redraw()
    {
        lock (gate)
        {
            if (drawn == 0 && board.Count == 0) return;
            ClearBlock();
            DrawBlock(clock());
        }
    }

    public void Dispose()
    {
        ticker?.Dispose();
        lock (gate) ClearBlock();
    }

    void ClearBlock()
    {
        if (drawn == 0) return;
        error.Write(Erase(drawn));
        drawn = 0;
    }

    void DrawBlock(TimeSpan now)
    {
        foreach (var line in board.Render(now, Math.Max(20, width()))) error.WriteLine(line);
        drawn = board.Count;
        error.Flush();
    }
}
