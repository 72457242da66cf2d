using OctoOrchestrate.Build;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Pack;

/// <summary>
/// Marks each successfully built component's version with a lightweight tag <c>component/version</c> on HEAD: the next run
/// counts Build past it and measures changes from it. Pushing them is the caller's choice.
/// </summary>
internal static class VersionTagger
{
    public static async Task<IReadOnlyList<string>> TagAsync(
        Git git, VersionPlan plan, IReadOnlyList<ComponentResult> results, bool push, IProgress<string>? progress)
    {
        var created = new List<string>();
        foreach (var result in results.Where(r => r.Status == ComponentStatus.Built))
        {
            var planned = plan.Components.First(p => p.Component == result.Component);
            if (planned.AlreadyTagged) continue;
            await git.RunAsync("tag", planned.Tag, plan.Head).ConfigureAwait(false);
            created.Add(planned.Tag);
        }

        if (created.Count > 0) progress?.Report($"tagged {string.Join(", ", created)}");
        if (push)
        {
            var toPush = results.Where(r => r.Status is ComponentStatus.Built or ComponentStatus.UpToDate)
                .Select(r => $"refs/tags/{plan.Components.First(p => p.Component == r.Component).Tag}").ToList();
            if (toPush.Count > 0)
            {
                await git.RunAsync(["push", "origin", .. toPush]).ConfigureAwait(false);
                progress?.Report($"pushed {toPush.Count} tag(s) to origin");
            }
        }

        return created;
    }
}
