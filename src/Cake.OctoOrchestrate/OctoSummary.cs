using Cake.Core.Diagnostics;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Release;

namespace Cake.OctoOrchestrate;

/// <summary>The result lines each alias leaves in Cake's log: one line per component and stage, then a verdict.</summary>
internal static class OctoSummary
{
    public static void Affected(ICakeLog log, AffectedResult result)
    {
        CakeLogText.Information(log, $"octo affected: base {Short(result.Base)} ({result.BaseReason}) .. head {Short(result.Head)}");
        foreach (var component in result.Components) CakeLogText.Information(log, $"  {component.Name}: {component.Reasons[0]}");
        foreach (var removed in result.Removed) CakeLogText.Information(log, $"  {removed}: removed");
        CakeLogText.Information(log, $"octo affected: {result.Components.Count} changed, {result.Removed.Count} removed");
    }

    public static void Ci(ICakeLog log, CiResult result)
    {
        foreach (var built in result.Build.Components)
        {
            CakeLogText.Information(log, $"octo build: {built.Component} {built.Version} {built.Status}");
            // The error ends with the build log's last lines: one log line each, so none hides another.
            foreach (var line in (built.Error ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)) CakeLogText.Error(log, $"  {line.TrimEnd('\r')}");
        }

        foreach (var stage in result.Stages) Stage(log, stage);
        CakeLogText.Information(log, result.Succeeded
            ? "octo ci: succeeded: everything changed is released, deployed, tested and promoted"
            : "octo ci: failed: not everything was promoted; fix and rerun, what succeeded is not done again");
    }

    public static void Stage(ICakeLog log, StageResult stage)
    {
        var where = stage.Environment is { } environment ? $" {environment}" : "";
        foreach (var outcome in stage.Components)
        {
            var line = $"octo {stage.Stage}{where}: {outcome.Component} {outcome.Version ?? "-"} {outcome.Outcome}{(outcome.Reason is { } reason ? $" ({reason})" : "")}";
            if (outcome.Succeeded) CakeLogText.Information(log, line);
            else CakeLogText.Warning(log, line);
        }
    }

    public static void Status(ICakeLog log, IReadOnlyList<DashboardEntry> dashboard)
    {
        if (dashboard.Count == 0) CakeLogText.Information(log, "octo status: nothing is deployed yet");
        foreach (var entry in dashboard)
        {
            var latest = entry.Latest.Id == entry.Current?.Id ? "" : $" (latest {entry.Latest.Version} {entry.Latest.State})";
            CakeLogText.Information(log, $"octo status: {entry.Component} {entry.Environment} {entry.Current?.Version ?? "-"}{latest}");
        }
    }

    /// <summary>What failed, for the exception that fails the Cake task.</summary>
    public static string Failures(IEnumerable<StageResult> stages) => string.Join("; ",
        stages.SelectMany(s => s.Components.Where(c => !c.Succeeded).Select(c => $"{c.Component}: {s.Stage} {c.Outcome}{(c.Reason is { } reason ? $" ({reason})" : "")}")));

    static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;
}
