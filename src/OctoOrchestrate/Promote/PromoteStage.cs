using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote;

/// <summary>
/// Promotes what passed verification in one environment to the next: exactly the tested release is deployed to <c>to</c>
/// (in waves, as the deploy stage does). A component whose tests did not pass stays, and so does whatever depends on it, each with the reason.
/// With tenants the deployment to <c>to</c> is the tenant-aware one (<see cref="TenantDeployStage"/>): untenanted components once, the
/// tested release of a component tenanted in <c>to</c> to each selected tenant that gets it, <see cref="Outcome.NotForTenant"/> otherwise.
/// </summary>
public static class PromoteStage
{
    /// <summary>
    /// Promotes for the tenants <paramref name="tenantSelection"/> selects in <paramref name="to"/> (a name, <see cref="Tenants.All"/>);
    /// without one, components tenanted in <paramref name="to"/> are reported <see cref="Outcome.NotForTenant"/>.
    /// </summary>
    public static async Task<StageResult> PromoteAsync(
        IReleaseServer server,
        MonorepoManifest manifest,
        StageResult verification,
        string from,
        string to,
        DeployOptions? options = null,
        string? tenantSelection = null,
        CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var stays = new Dictionary<string, string>();
        var notPromoted = new List<ComponentOutcome>();
        var releases = new List<ReleaseInfo>();
        foreach (var tested in verification.Components)
        {
            var current = await server.GetCurrentDeploymentAsync(tested.Component, from, cancellationToken).ConfigureAwait(false);
            // Exactly the version that was tested: what is current now may have changed while the tests ran.
            var release = tested.Version is null ? null
                : (await server.ListReleasesAsync(tested.Component, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Version == tested.Version);
            var moved = current is not null && tested.Version is not null && current.Version != tested.Version;
            if (tested.Outcome == Outcome.Passed && release is not null && !moved)
            {
                releases.Add(release);
                continue;
            }

            var reason = tested.Version is null || release is null ? $"nothing of it is deployed to {from}"
                : tested.Outcome != Outcome.Passed ? $"its tests in {from} did not pass: {tested.Reason ?? tested.Outcome.ToString()}"
                : $"{tested.Version} passed its tests, but {from} moved to {current!.Version} ({current.Id}) meanwhile, which was not tested; promote again to test and promote it";
            stays[tested.Component] = reason;
            notPromoted.Add(new ComponentOutcome(tested.Component, tested.Version ?? current?.Version, Outcome.NotPromoted, reason, null, null));
        }

        var deployed = manifest.Tenants.Count == 0 && tenantSelection is null
            ? await DeployStage.DeployAsync(server, manifest, releases, to, options, "promote", stays, cancellationToken).ConfigureAwait(false)
            : await TenantDeployStage.DeployAsync(server, manifest, releases, to, tenantSelection, options, "promote", stays, cancellationToken).ConfigureAwait(false);
        var position = ManifestGraph.Order(manifest).Select((c, index) => (c.Name, index)).ToDictionary(x => x.Name, x => x.index);
        var outcomes = deployed.Components
            .Select(c => c.Outcome == Outcome.Skipped && DeployStage.FailedDependency(manifest, manifest.Component(c.Component), stays) is not null
                ? c with { Outcome = Outcome.NotPromoted } : c)
            .Concat(notPromoted)
            .OrderBy(c => position[c.Component])
            .ToList();
        return new StageResult("promote", to, started, DateTimeOffset.UtcNow, outcomes);
    }
}
