namespace OctoOrchestrate.Cli.Commands;

/// <summary>Progress lines on stderr (stdout stays the result, for --json and pipes).</summary>
internal sealed class StderrProgress(TextWriter error) : IProgress<string>
{
    readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate) error.WriteLine(Terminal.Safe(value));
    }
}
