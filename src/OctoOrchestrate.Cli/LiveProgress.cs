using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace OctoOrchestrate.Cli;

/// <summary>
/// Progress of a long run on stderr: a Spectre.Console spinner showing the latest step in a terminal, plain lines when
/// stderr is redirected or CI=true (logs stay readable). Every step is also printed as a line, so nothing scrolls away.
/// Plain lines start with the time of day (<c>[14:03:07]</c>) so a CI log shows where a run waited; in a terminal each line
/// and the spinner show the time since the run started.
/// </summary>
internal static class LiveProgress
{
    public static async Task<T> RunAsync<T>(TextWriter error, Func<IProgress<string>, Task<T>> work)
    {
        if (!IsTerminal(error))
            return await work(new LineProgress(line => { lock (error) error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {Terminal.Safe(line)}"); })).ConfigureAwait(false);

        var started = Stopwatch.StartNew();

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(OutputWriter.Unwrap(error)) });
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", context => work(new LineProgress(line =>
        {
            line = Terminal.Safe(line);
            var elapsed = started.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
            lock (console)
            {
                console.MarkupLine($"[grey]+{elapsed} {Markup.Escape(line)}[/]");
                context.Status($"{Markup.Escape(line)} [grey](+{elapsed})[/]");
            }
        }))).ConfigureAwait(false);
    }

    static bool IsTerminal(TextWriter error) =>
        OutputWriter.Unwrap(error) == Console.Error && !Console.IsErrorRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    sealed class LineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
