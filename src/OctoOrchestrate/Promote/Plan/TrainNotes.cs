using System.Text;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Plan;

/// <summary>
/// The release notes of a whole train as one markdown document: per component that the plan deploys, the commits between the version in
/// the destination and the candidate. Each release's notes list the commits since the component's previous release (build information),
/// so the notes of every release after the current one up to the candidate are exactly those commits; a rollback lists what is taken back.
/// </summary>
public static class TrainNotes
{
    public static async Task<string> WriteAsync(IReleaseServer server, TrainPlan plan, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        text.Append($"# Release train to {plan.To}{(plan.From is null ? "" : $" (from {plan.From})")}\n\nPlan {plan.Id}, {plan.CreatedAt:u}, requested by {plan.RequestedBy}.\n");
        foreach (var component in plan.Components)
        {
            text.Append($"\n## {component.Label}: {component.Current ?? "(none)"} -> {component.Candidate ?? "(none)"} ({component.ActionText})\n\n");
            if (!component.Action.Deploys() || component.Candidate is null)
            {
                text.Append($"{component.Reason}\n");
                continue;
            }

            var releases = await server.ListReleasesAsync(component.Component, cancellationToken).ConfigureAwait(false);
            var rollback = component.Current is not null && VersionPattern.Compare(component.Candidate, component.Current) < 0;
            var (low, high) = rollback ? (component.Candidate, component.Current!) : (component.Current, component.Candidate);
            var between = releases
                .Where(r => (low is null || VersionPattern.Compare(r.Version, low) > 0) && VersionPattern.Compare(r.Version, high) <= 0)
                .OrderByDescending(r => r.Version, Comparer<string>.Create(VersionPattern.Compare))
                .ToList();
            if (rollback) text.Append("Taken back by this rollback:\n\n");
            var lines = between.SelectMany(r => r.ReleaseNotes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            text.Append(lines.Count == 0 ? "- (no commits recorded)\n" : string.Join("\n", lines.Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l : "- " + l)) + "\n");
        }

        return text.ToString();
    }
}
