using System.Globalization;

namespace OctoOrchestrate.Cli.Progress;

/// <summary>
/// What is running right now, per component, read from the pipeline's own progress lines: "api: building 1.2.0" starts
/// an activity, the component's next line ("api: built in 3.1s", "api 1.2.0 -> Dev: deployed", "api: tests passed") ends
/// it. Pure (the time comes in), so the terminal display and its tests share it.
/// </summary>
internal sealed class ProgressBoard
{
    // The verbs the library reports when a long wait begins (build, deploy, test, onDeployFailed).
    static readonly string[] Starts = ["building ", "deploying ", "testing in ", "running "];

    readonly List<Activity> active = [];

    public int Count => active.Count;

    public void Observe(string line, TimeSpan now)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return;
        var subject = line[..colon];
        var rest = line[(colon + 2)..];
        var space = subject.IndexOf(' ', StringComparison.Ordinal);
        // Escaped once here, so a rendered line has its final width (the block is erased by counting lines).
        var component = Terminal.Safe(space < 0 ? subject : subject[..space]);
        var index = active.FindIndex(a => a.Component == component);
        if (space < 0 && Array.Exists(Starts, s => rest.StartsWith(s, StringComparison.Ordinal)))
        {
            if (index >= 0) active.RemoveAt(index);
            active.Add(new Activity(component, Terminal.Safe(rest), now));
            return;
        }

        // "api 1.2.0 -> Dev: waiting for a manual intervention" is news about a deployment that still runs.
        if (index >= 0 && !rest.StartsWith("waiting", StringComparison.Ordinal)) active.RemoveAt(index);
    }

    /// <summary>One line per running component, oldest first, each cut to <paramref name="width"/> characters.</summary>
    public List<string> Render(TimeSpan now, int width)
    {
        var nameWidth = 0;
        foreach (var activity in active) nameWidth = Math.Max(nameWidth, activity.Component.Length);
        var lines = new List<string>(active.Count);
        foreach (var activity in active)
        {
            var line = $"  {activity.Component.PadRight(nameWidth)}  {Elapsed(now - activity.Since),7}  {activity.What}";
            lines.Add(line.Length > width ? line[..Math.Max(0, width - 1)] + "…" : line);
        }

        return lines;
    }

    /// <summary>"4.2s" under a minute, "3m07s" above.</summary>
    public static string Elapsed(TimeSpan elapsed) => elapsed < TimeSpan.FromMinutes(1)
        ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s");

    sealed record Activity(string Component, string What, TimeSpan Since);
}
