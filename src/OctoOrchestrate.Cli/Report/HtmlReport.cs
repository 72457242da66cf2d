using System.Globalization;
using System.Net;
using System.Text;
using OctoOrchestrate.Build;
using OctoOrchestrate.Cli.CiOutput;
using OctoOrchestrate.Cli.Graph;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pipeline;

namespace OctoOrchestrate.Cli.Report;

/// <summary>
/// One self-contained HTML page of a <c>ci</c> run (no script, no outside file): summary table, the waves, a timeline of
/// each component's steps, failures with the end of their logs, and release notes. Every text from the run is masked,
/// control characters are written as escapes and the rest is HTML-encoded; the page is well-formed XML (XHTML syntax).
/// </summary>
internal static class HtmlReport
{
    const int FailureLogLines = 30;

    public static string DefaultPath(MonorepoManifest manifest) => Path.Combine(ArtifactPaths.Root(manifest), "report.html");

    public static void Write(string path, CiResult result, RunSummary summary, MonorepoManifest manifest, DateTimeOffset generatedAt)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside and moved into place, so a CI server never keeps half a page.
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, Render(result, summary, manifest, generatedAt), new UTF8Encoding(false));
        File.Move(temporary, full, overwrite: true);
    }

    public static string Render(CiResult result, RunSummary summary, MonorepoManifest manifest, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>octo-orchestrate ci: ")
            .Append(E(summary.Succeeded ? "succeeded" : "failed")).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<header class=\"").Append(summary.Succeeded ? "ok" : "failed").Append("\"><h1>octo-orchestrate ci</h1><p id=\"verdict\">")
            .Append(E(summary.Verdict)).Append("</p><p class=\"meta\">train ").Append(E(result.Build.Train)).Append(" · head ")
            .Append(E(Short(result.Build.Head))).Append(" · ").Append(E(generatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</p></header>\n");
        SummaryTable(html, summary);
        Waves(html, manifest, summary, result);
        Timeline(html, summary);
        Failures(html, summary);
        ReleaseNotes(html, result);
        return html.Append("</body>\n</html>\n").ToString();
    }

    static void SummaryTable(StringBuilder html, RunSummary summary)
    {
        html.Append("<section id=\"summary\"><h2>Summary</h2>\n<table>\n<thead><tr>");
        foreach (var header in (string[])["Component", "Reason", "Version", "Build", .. summary.StageTitles, "Duration"]) html.Append("<th>").Append(E(header)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in summary.Rows)
        {
            html.Append("<tr class=\"").Append(row.Failed ? "failed" : "ok").Append("\"><td>").Append(E(row.Component)).Append("</td><td>").Append(E(row.Reason))
                .Append("</td><td>").Append(E(row.Version)).Append("</td><td>").Append(E(row.Build)).Append("</td>");
            foreach (var stage in row.Stages) html.Append("<td class=\"outcome ").Append(OutcomeClass(stage)).Append("\">").Append(E(stage)).Append("</td>");
            html.Append("<td class=\"number\">").Append(E(RunSummary.Seconds(row.Duration))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    static void Waves(StringBuilder html, MonorepoManifest manifest, RunSummary summary, CiResult result)
    {
        var changed = result.Build.Components.Where(c => c.Status != ComponentStatus.UpToDate).Select(c => c.Component).ToHashSet();
        var graph = TrainGraph.From(manifest, changed);
        var failed = summary.Rows.Where(r => r.Failed).Select(r => r.Component).ToHashSet();
        html.Append("<section id=\"waves\"><h2>Waves</h2>\n<div class=\"waves\">\n");
        foreach (var wave in graph.Waves)
        {
            html.Append("<div class=\"wave\"><h3>wave ").Append(wave[0].Wave.ToString(CultureInfo.InvariantCulture)).Append("</h3>\n");
            foreach (var node in wave)
            {
                var after = graph.Edges.Where(e => e.To == node.Name).Select(e => (e.Kind == "uses" ? "uses " : "after ") + e.From).ToList();
                html.Append("<div class=\"node").Append(node.Changed ? " changed" : "").Append(failed.Contains(node.Name) ? " failed" : "")
                    .Append(node.Deployable ? "" : " library").Append("\"><strong>").Append(E(node.Name)).Append("</strong>");
                if (after.Count > 0) html.Append("<small>").Append(E(string.Join(", ", after))).Append("</small>");
                html.Append("</div>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</div>\n<p class=\"legend\"><span class=\"node changed\">changed</span> <span class=\"node failed\">failed</span> <span class=\"node library\">library</span></p>\n</section>\n");
    }

    // Builds carry a duration but no start: they are drawn in a build phase that ends where the first stage starts.
    static void Timeline(StringBuilder html, RunSummary summary)
    {
        var steps = summary.Rows.SelectMany(r => r.Steps).ToList();
        var buildPhase = steps.Where(s => s.Start is null).Select(s => s.Duration).DefaultIfEmpty(TimeSpan.Zero).Max();
        var firstStart = steps.Where(s => s.Start is not null).Select(s => s.Start!.Value).DefaultIfEmpty(DateTimeOffset.MinValue).Min();
        double Offset(RunStep s) => s.Start is { } start ? buildPhase.TotalSeconds + (start - firstStart).TotalSeconds : buildPhase.TotalSeconds - s.Duration.TotalSeconds;
        var total = Math.Max(steps.Select(s => Offset(s) + s.Duration.TotalSeconds).DefaultIfEmpty(0).Max(), 0.001);

        html.Append("<section id=\"timeline\"><h2>Timeline</h2>\n<p class=\"meta\">").Append(E($"{total:0.0} s from the first build to the last step; each bar is one step of one component.")).Append("</p>\n<div class=\"timeline\">\n");
        foreach (var row in summary.Rows)
        {
            html.Append("<div class=\"lane\"><span class=\"label\">").Append(E(row.Component)).Append("</span><span class=\"track\">");
            foreach (var step in row.Steps)
            {
                // A step too short to see still gets a sliver; it never runs past the track's end.
                var left = Math.Clamp(Offset(step) / total * 100, 0, 99.5);
                var width = Math.Min(Math.Max(step.Duration.TotalSeconds / total * 100, 0.5), 100 - left);
                html.Append("<span class=\"bar ").Append(OutcomeClass(step.Outcome)).Append("\" style=\"left:").Append(Percent(left)).Append("%;width:").Append(Percent(width))
                    .Append("%\" title=\"").Append(E($"{step.Name}: {step.Outcome}, {RunSummary.Seconds(step.Duration)}")).Append("\">").Append(E(step.Name)).Append("</span>");
            }

            html.Append("</span><span class=\"number\">").Append(E(RunSummary.Seconds(row.Duration))).Append("</span></div>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    static void Failures(StringBuilder html, RunSummary summary)
    {
        var failures = summary.Rows.SelectMany(r => r.Steps.Where(s => OutcomeClass(s.Outcome) == "bad").Select(s => (r, s))).ToList();
        if (failures.Count == 0) return;
        html.Append("<section id=\"failures\"><h2>Failures</h2>\n");
        foreach (var (row, step) in failures)
        {
            html.Append("<div class=\"failure\"><h3>").Append(E($"{row.Component} {row.Version}: {step.Name} {step.Outcome}")).Append("</h3>\n");
            if (step.Reason is not null) html.Append("<p>").Append(E(step.Reason)).Append("</p>\n");
            if (step.LogPath is not null && File.Exists(step.LogPath))
                html.Append("<pre>").Append(E(string.Join('\n', CiPublisher.LogTail(step.LogPath, FailureLogLines)), keepLineBreaks: true)).Append("</pre>\n");
            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    static void ReleaseNotes(StringBuilder html, CiResult result)
    {
        var notes = result.Build.Components.Where(c => c.Status == ComponentStatus.Built && c.Package is { Commits.Count: > 0 }).ToList();
        if (notes.Count == 0) return;
        html.Append("<section id=\"notes\"><h2>Release notes</h2>\n");
        foreach (var component in notes)
        {
            html.Append("<h3>").Append(E($"{component.Component} {component.Version}")).Append("</h3>\n<ul>\n");
            foreach (var commit in component.Package!.Commits)
                html.Append("<li>").Append(E(commit.Message.Split('\n', 2)[0].TrimEnd('\r'))).Append(" <code>").Append(E(Short(commit.Id))).Append("</code> ")
                    .Append(E(commit.Author)).Append("</li>\n");
            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>User text for the page: secrets masked, control characters as escapes (XML allows none of them), HTML-encoded.</summary>
    public static string E(string text, bool keepLineBreaks = false) => WebUtility.HtmlEncode(Terminal.Safe(text, keepLineBreaks).Replace("\r", "", StringComparison.Ordinal));

    static string OutcomeClass(string outcome) => outcome switch
    {
        "Built" or "Released" or "AlreadyReleased" or "Deployed" or "AlreadyDeployed" or "Passed" or "UpToDate" => "good",
        "-" or "Skipped" or "NotPromoted" => "neutral",
        _ => "bad",
    };

    static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;

    const string Style = """

        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 2rem 2rem;color:#212529;background:#fff}
        header{margin:0 -2rem 1rem;padding:1rem 2rem;color:#fff}header.ok{background:#2b8a3e}header.failed{background:#c92a2a}
        header h1{margin:0;font-size:1.4rem}header p{margin:.3rem 0 0}.meta{color:#868e96;font-size:.85rem}header .meta{color:#e9ecef}
        h2{font-size:1.1rem;border-bottom:1px solid #dee2e6;padding-bottom:.2rem;margin-top:1.6rem}
        table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #dee2e6;padding:.3rem .6rem;text-align:left}th{background:#f1f3f5}
        tr.failed td:first-child{border-left:4px solid #c92a2a}td.number,span.number{text-align:right;font-variant-numeric:tabular-nums}
        td.good{color:#2b8a3e}td.bad{color:#c92a2a;font-weight:600}td.neutral{color:#868e96}
        .waves{display:flex;gap:1.5rem;align-items:flex-start}.wave{min-width:10rem}.wave h3{font-size:.8rem;color:#868e96;text-transform:uppercase;margin:.2rem 0}
        .node{display:block;border:2px solid #adb5bd;border-radius:6px;padding:.3rem .5rem;margin:.3rem 0;background:#f8f9fa}
        .legend .node{display:inline-block;font-size:.8rem}.node small{display:block;color:#868e96}
        .node.changed{border-color:#e8590c;background:#ffe8cc}.node.failed{border-color:#c92a2a;background:#ffe3e3}.node.library{border-style:dashed}
        .timeline{font-size:.8rem}.lane{display:flex;align-items:center;gap:.5rem;margin:.25rem 0}.lane .label{width:12rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .track{position:relative;flex:1;height:1.4rem;background:#f1f3f5;border-radius:3px}.lane .number{width:4rem}
        .bar{position:absolute;top:0;bottom:0;border-radius:3px;color:#fff;overflow:hidden;white-space:nowrap;padding-left:3px;box-sizing:border-box;line-height:1.4rem}
        .bar.good{background:#40c057}.bar.bad{background:#fa5252}.bar.neutral{background:#adb5bd}
        .failure{border-left:4px solid #c92a2a;padding-left:.8rem;margin:.8rem 0}.failure h3{font-size:.95rem;margin:.2rem 0}
        pre{background:#212529;color:#f8f9fa;padding:.6rem;overflow-x:auto;font-size:.8rem}code{font-size:.85em}

        """;
}
