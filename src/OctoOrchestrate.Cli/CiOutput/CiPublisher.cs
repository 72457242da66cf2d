using System.Text;
using OctoOrchestrate.Build;
using OctoOrchestrate.Cli.Graph;
using OctoOrchestrate.Cli.Report;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pipeline;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>What <c>affected</c> and <c>ci</c> tell the CI server, through <see cref="CiServer"/>: the same facts on every server.</summary>
internal static class CiPublisher
{
    /// <summary>Lines of a log shown in a group: its end, where a failure is.</summary>
    const int LogLines = 400;

    public static void Affected(CiServer ci, AffectedResult result, MonorepoManifest manifest)
    {
        if (ci.Kind == CiKind.None) return;
        var names = result.Components.Select(c => c.Name).ToList();
        ci.SetOutput("components", CiJson.Array(names));
        ci.SetOutput("matrix", ci.Matrix(names));
        ci.SetOutput("any-changed", names.Count > 0 ? "true" : "false");
        ci.SetOutput("removed", CiJson.Array(result.Removed));
        ci.Statistic("octo.affected.count", names.Count);

        var summary = new StringBuilder("## octo-orchestrate affected\n\n");
        summary.Append(Markdown.Cell($"base {result.Base} ({result.BaseReason}) .. head {result.Head}")).Append("\n\n");
        summary.Append(names.Count == 0 && result.Removed.Count == 0 ? "Nothing changed.\n\n"
            : Markdown.Table(["Component", "Reason"], result.Components.Select(c => (IReadOnlyList<string>)[c.Name, string.Join("; ", c.Reasons)])
                .Concat(result.Removed.Select(r => (IReadOnlyList<string>)[r, "removed"]))) + "\n");
        summary.Append(Markdown.Mermaid(GraphFormats.Mermaid(TrainGraph.From(manifest, names.ToHashSet()))));
        ci.Summary(summary.ToString());
    }

    public static void Run(CiServer ci, CiResult result, RunSummary summary, MonorepoManifest manifest)
    {
        if (ci.Kind == CiKind.None) return;
        foreach (var row in summary.Rows)
        {
            // Only what ran in this run: an 'already deployed' step's log belongs to an earlier run.
            foreach (var step in row.Steps.Where(s => s.LogPath is not null && !s.Outcome.StartsWith("Already", StringComparison.Ordinal) && File.Exists(s.LogPath)))
                ci.Group($"{row.Component} {row.Version}: {step.Name} ({step.Outcome}, {RunSummary.Seconds(step.Duration)})", LogTail(step.LogPath!, LogLines));
        }

        foreach (var row in summary.Rows.Where(r => r.Failed))
        {
            foreach (var step in row.Steps.Where(s => s.Reason is not null && s.Outcome is not ("Built" or "Deployed" or "AlreadyDeployed" or "Passed" or "Released" or "AlreadyReleased")))
                ci.Error($"{row.Component} {row.Version}: {step.Name} {step.Outcome}: {step.Reason}");
        }

        var built = result.Build.Components.Where(c => c.Status != ComponentStatus.UpToDate).ToList();
        var names = built.Select(c => c.Component).ToList();
        ci.SetOutput("components", CiJson.Array(names));
        ci.SetOutput("matrix", ci.Matrix(names));
        ci.SetOutput("any-changed", names.Count > 0 ? "true" : "false");
        ci.SetOutput("versions", CiJson.Object(built.Select(c => new KeyValuePair<string, string>(c.Component, c.Version))));
        ci.SetOutput("succeeded", result.Succeeded ? "true" : "false");
        foreach (var component in built.Where(c => c.Status == ComponentStatus.Built)) ci.Tag($"{component.Component}/{component.Version}");

        ci.Statistic("octo.components.changed", names.Count);
        ci.Statistic("octo.components.failed", summary.Rows.Count(r => r.Failed));
        foreach (var row in summary.Rows) ci.Statistic($"octo.duration.{row.Component}", Math.Round(row.Duration.TotalSeconds, 3));
        if (names.Count > 0) ci.BuildNumber($"{{build.number}} (train {result.Build.Train}: {names.Count} changed)");

        ci.Summary(SummaryMarkdown(result, summary, manifest));
    }

    static string SummaryMarkdown(CiResult result, RunSummary summary, MonorepoManifest manifest)
    {
        var text = new StringBuilder("## octo-orchestrate ci\n\n");
        text.Append(Markdown.Table(["Component", "Reason", "Version", "Build", .. summary.StageTitles, "Duration"],
            summary.Rows.Select(r => (IReadOnlyList<string>)[r.Component, r.Reason, r.Version, r.Build, .. r.Stages, RunSummary.Seconds(r.Duration)])));
        text.Append('\n').Append(Markdown.Cell(summary.Verdict)).Append("\n\n### Plan\n\n");
        var changed = result.Build.Components.Where(c => c.Status != ComponentStatus.UpToDate).Select(c => c.Component).ToHashSet();
        text.Append(Markdown.Mermaid(GraphFormats.Mermaid(TrainGraph.From(manifest, changed))));
        var notes = result.Build.Components.Where(c => c.Status == ComponentStatus.Built && c.Package is { Commits.Count: > 0 }).ToList();
        if (notes.Count > 0)
        {
            text.Append("\n### Release notes\n");
            foreach (var component in notes)
            {
                text.Append("\n**").Append(Markdown.Cell($"{component.Component} {component.Version}")).Append("**\n\n");
                foreach (var commit in component.Package!.Commits)
                    text.Append("- ").Append(Markdown.Cell(FirstLine(commit.Message))).Append(" (").Append(Markdown.Cell(commit.Id.Length > 10 ? commit.Id[..10] : commit.Id))
                        .Append(", ").Append(Markdown.Cell(commit.Author)).Append(")\n");
            }
        }

        return text.ToString();
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>The last <paramref name="count"/> lines of a log (at most its last 64 KiB), read while it may still be written.</summary>
    public static IReadOnlyList<string> LogTail(string path, int count)
    {
        const int MaxBytes = 64 * 1024;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var skipped = stream.Length > MaxBytes;
        if (skipped) stream.Seek(-MaxBytes, SeekOrigin.End);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (skipped) lines.RemoveAt(0); // a partial first line
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Count > count ? lines[^count..] : lines;
    }
}
