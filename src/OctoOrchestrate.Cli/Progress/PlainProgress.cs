using System.Globalization;

namespace OctoOrchestrate.Cli.Progress;

/// <summary>Progress when stderr is not a terminal (CI, a redirect): one line per step, each with the time of day.</summary>
internal sealed class PlainProgress(TextWriter error, TimeProvider time) : IProgress<string>
{
    readonly Lock gate = new();

    public void Report(string value)
    {
        var line = Line(time.GetLocalNow(), value);
        lock (gate) error.WriteLine(line);
    }

    /// <summary>"[14:03:07] api: building 1.2.0": a CI log then shows where a run waited.</summary>
    public static string Line(DateTimeOffset localTime, string value) =>
        $"[{localTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {Terminal.Safe(value)}";
}
