using OctoOrchestrate.Manifest;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Snapshot;

/// <summary>
/// <c>rollback --env ENV [--to SNAPSHOT]</c> as a plan: the versions of the previous successful snapshot (the one before the latest
/// successful one) or of the named one, pinned, so only the components that differ are deployed, in dependency order, through the
/// environment's approvals like any promotion. A component with <c>rollback: roll-forward</c> is skipped and the plan says so.
/// A component tenanted in the environment goes back per tenant: each tenant's row is pinned to what that tenant had in the snapshot.
/// </summary>
public static class TrainRollback
{
    public static async Task<TrainPlan> PlanAsync(
        IReleaseServer server, ITrainStore store, MonorepoManifest manifest, string environment, string? snapshotId, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        var snapshots = await store.ListSnapshotsAsync(environment, cancellationToken).ConfigureAwait(false);
        var target = snapshotId is not null
            ? snapshots.FirstOrDefault(s => string.Equals(s.Id, snapshotId, StringComparison.OrdinalIgnoreCase))
              ?? throw new BadInputException($"--to: no snapshot '{snapshotId}' of {environment}. 'octo-orchestrate history {environment}' lists them.")
            : snapshots.Where(s => s.Succeeded).Skip(1).FirstOrDefault()
              ?? throw new BadInputException($"{environment} has no earlier successful snapshot to roll back to ({snapshots.Count(s => s.Succeeded)} successful so far). 'octo-orchestrate history {environment}' lists them.");
        var pins = target.Versions.Where(v => v.Value is not null && manifest.Components.Any(c => c.Name == v.Key && c.Deployable))
            .ToDictionary(v => v.Key, v => v.Value!);
        // Each tenant goes back to what it had: its rows are pinned to the snapshot's version for it (none = not deployed).
        var tenantPins = (target.TenantVersions ?? new Dictionary<string, IReadOnlyDictionary<string, string?>>()).ToDictionary(
            t => t.Key,
            t => (IReadOnlyDictionary<string, string>)t.Value.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!, StringComparer.Ordinal),
            StringComparer.Ordinal);
        var unchanged = manifest.Components.Where(c => c.Deployable && !pins.ContainsKey(c.Name) && !tenantPins.Values.Any(t => t.ContainsKey(c.Name)))
            .Select(c => c.Name).ToList();
        var options = new PromotionOptions(When: WhenPolicy.IfNotCurrent, AllowDowngrade: true, Pins: pins, Skip: unchanged, NotFound: NotFoundPolicy.Warn)
        {
            TenantPins = tenantPins,
        };
        return await TrainPlanner.PlanAsync(server, manifest, environment, options, requestedBy, "rollback", target.Id, cancellationToken).ConfigureAwait(false);
    }
}
