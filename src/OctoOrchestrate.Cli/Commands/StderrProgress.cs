namespace OctoOrchestrate.Cli.Commands;

/// <summary>
/// Progress on stderr (stdout stays the result, for --json and pipes) for commands that do not own a progress scope
/// (deploy, test, train): the same display as <see cref="LiveProgress"/>. In a terminal the block of running components
/// disappears once none is running; nothing needs disposing.
/// </summary>
internal sealed class StderrProgress(TextWriter error) : IProgress<string>
{
    readonly IProgress<string> display = LiveProgress.Open(error);

    public void Report(string value) => display.Report(value);
}
