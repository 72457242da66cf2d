using System.Globalization;
using OctoOrchestrate.Build;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pipeline;

namespace OctoOrchestrate.Cli.Report;

/// <summary>One component's line of a <c>ci</c> run, the same in the terminal table, the CI summary and the HTML report.</summary>
internal sealed record RunRow(string Component, string Reason, string Version, string Build, IReadOnlyList<string> Stages, TimeSpan Duration,
    bool Failed, IReadOnlyList<RunStep> Steps);

/// <summary>A timed step of one component (build, deploy, tests, promote), for the timeline.</summary>
internal sealed record RunStep(string Name, DateTimeOffset? Start, TimeSpan Duration, string Outcome, string? LogPath, string? Reason);

/// <summary>The rows of a <c>ci</c> run in dependency order, and the columns they fill.</summary>
internal sealed record RunSummary(IReadOnlyList<string> StageTitles, IReadOnlyList<RunRow> Rows, string Verdict, bool Succeeded)
{
    public static RunSummary From(CiResult result, MonorepoManifest manifest)
    {
        var stages = result.Stages.Where(s => s.Stage != "release").ToList();
        var present = result.Build.Components.Select(c => c.Component).Concat(result.Stages.SelectMany(s => s.Components.Select(c => c.Component))).ToHashSet();
        var rows = new List<RunRow>();
        foreach (var name in ManifestGraph.Order(manifest).Select(c => c.Name).Where(present.Contains))
        {
            var built = result.Build.Components.FirstOrDefault(c => c.Component == name);
            var outcomes = stages.Select(s => s.Components.FirstOrDefault(c => c.Component == name)).ToList();
            var version = built?.Version ?? outcomes.FirstOrDefault(o => o?.Version is not null)?.Version ?? "-";
            var duration = (built?.Duration ?? TimeSpan.Zero) + outcomes.Aggregate(TimeSpan.Zero, (sum, o) => sum + (o?.Duration ?? TimeSpan.Zero));
            var reason = built is null ? "unchanged"
                : built.Status == ComponentStatus.UpToDate ? $"{name}/{built.Version} on HEAD"
                : built.Reasons.Count > 0 ? built.Reasons[0].ToString() : "";
            var steps = new List<RunStep>();
            if (built is not null && built.Status != ComponentStatus.UpToDate)
                steps.Add(new RunStep("build", null, built.Duration, built.Status.ToString(), ArtifactPaths.Log(manifest, name, "build"), built.Error));
            for (var i = 0; i < stages.Count; i++)
            {
                if (outcomes[i] is { } o) steps.Add(new RunStep(Title(stages[i]), o.StartedAt, o.Duration ?? TimeSpan.Zero, o.Outcome.ToString(), o.LogPath, o.Reason));
            }

            var failed = built is not null && built.Status is not (ComponentStatus.Built or ComponentStatus.UpToDate) || outcomes.Any(o => o is { Succeeded: false });
            rows.Add(new RunRow(name, reason, version, built?.Status.ToString() ?? "-", outcomes.Select(o => o?.Outcome.ToString() ?? "-").ToList(), duration, failed, steps));
        }

        return new RunSummary(stages.Select(Title).ToList(), rows, VerdictOf(result), result.Succeeded);
    }

    public static string Title(StageResult stage) => stage.Stage switch
    {
        "verify" => $"Tests ({stage.Environment})",
        _ => stage.Environment ?? stage.Stage,
    };

    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture);

    static string VerdictOf(CiResult result)
    {
        var deployed = result.Stages.SelectMany(s => s.Components).Count(c => c.Outcome is Outcome.Deployed or Outcome.Passed);
        if (!result.Succeeded) return "Not everything was promoted; see the reasons above. Fix and rerun: what succeeded is not done again.";
        return deployed == 0 && result.Build.Components.All(c => c.Status == ComponentStatus.UpToDate)
            ? "Nothing new: everything is built, released, deployed and promoted already."
            : "Everything changed is released, deployed, tested and promoted.";
    }
}
