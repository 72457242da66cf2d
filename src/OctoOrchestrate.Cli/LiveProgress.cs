using OctoOrchestrate.Cli.Progress;

namespace OctoOrchestrate.Cli;

/// <summary>
/// Progress of a long run on stderr (stdout stays the result). In a terminal: every step as a line with the time since the
/// run started, and below them one line per running component (build, deploy, test) with its elapsed time, redrawn in
/// place. When stderr is redirected or CI=true: plain lines starting with the time of day (<c>[14:03:07]</c>), so a CI log
/// shows where a run waited and stays readable.
/// </summary>
internal static class LiveProgress
{
    public static async Task<T> RunAsync<T>(TextWriter error, Func<IProgress<string>, Task<T>> work)
    {
        var progress = Open(error);
        try
        {
            return await work(progress).ConfigureAwait(false);
        }
        finally
        {
            (progress as IDisposable)?.Dispose();
        }
    }

    /// <summary>The display for <paramref name="error"/>; dispose it when it is a terminal one, so the block is erased.</summary>
    public static IProgress<string> Open(TextWriter error) => IsTerminal(error)
        ? new TerminalProgress(error, ConsoleWidth, tick: TimeSpan.FromSeconds(1))
        : new PlainProgress(error, TimeProvider.System);

    static int ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    static bool IsTerminal(TextWriter error) =>
        OutputWriter.Unwrap(error) == Console.Error && !Console.IsErrorRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
