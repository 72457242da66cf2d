using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Plan;

/// <summary>
/// Decides a train promotion without deploying anything: the source (the lifecycle phase before the destination unless <c>--from</c>),
/// per component the candidate (the release last <em>successfully</em> deployed to the source that matches the pattern and channel, or a
/// pinned version), the action (<see cref="WhenRule"/>), and the waves. The same plan is what <c>--what-if</c> prints and what the run does.
/// A component tenanted in the destination (<see cref="Tenants"/>) gets one row per selected tenant that gets it, judged against that
/// tenant's current deployment; every other component one untenanted row.
/// </summary>
public static class TrainPlanner
{
    public static async Task<TrainPlan> PlanAsync(
        IReleaseServer server, MonorepoManifest manifest, string to, PromotionOptions options, string requestedBy,
        string kind = "promote", string? rollbackTo = null, CancellationToken cancellationToken = default)
    {
        to = await DeployStage.CheckEnvironmentAsync(server, to, cancellationToken).ConfigureAwait(false);
        var lifecycle = await server.GetLifecycleAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> sources = options.From is { } given ? [await DeployStage.CheckEnvironmentAsync(server, given, cancellationToken).ConfigureAwait(false)]
            : lifecycle.SourcesBefore(to);
        var from = sources.Count == 0 ? null : sources[0];
        if (from is not null && string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            throw new BadInputException($"--from {from} and --to {to} are the same environment. Promote from the environment before it.");
        CheckNames(manifest, options);
        var channel = ResolveChannel(manifest, options.Channel);

        // Unknown tenant, or one not connected to the destination: bad input before anything is read or stored (as deploy --tenant).
        var tenants = Tenants.Select(manifest, options.Tenant ?? (manifest.Tenants.Count == 0 ? null : Tenants.All), to);
        var sourceReads = new SourceReads(server);
        var planned = new List<PlannedComponent>();
        foreach (var component in ManifestGraph.Order(manifest).Where(c => c.Deployable))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Tenants.IsTenantedIn(manifest, component.Name, to))
            {
                planned.Add(await PlanOneAsync(server, manifest, component, null, sources, to, options, channel, kind, sourceReads, cancellationToken).ConfigureAwait(false));
                continue;
            }

            // Deployed per tenant there, never untenanted: one row per selected tenant that gets it.
            var rows = tenants.Where(t => t.Has(component.Name)).ToList();
            if (rows.Count == 0)
                planned.Add(new PlannedComponent(component.Name, null, null, null, PlanAction.SkipExcluded,
                    $"deployed per tenant in {to} ({Tenants.TenantsOf(manifest, component.Name, to)}), none of them in --tenant {options.Tenant}", 0));
            foreach (var tenant in rows)
                planned.Add(await PlanOneAsync(server, manifest, component, tenant.Name, sources, to, options, channel, kind, sourceReads, cancellationToken).ConfigureAwait(false));
        }

        var missing = planned.Where(p => p.Action == PlanAction.NotFound).ToList();
        if (options.NotFound == NotFoundPolicy.Error && missing.Count > 0)
            throw new BadInputException($"--not-found error: no candidate for {string.Join(", ", missing.Select(m => $"{m.Label} ({m.Reason})"))}. Nothing was deployed.");

        var waves = DeployWaves.Plan(manifest, planned.Where(p => p.Action.Deploys()).Select(p => p.Component).ToHashSet());
        var waveOf = waves.SelectMany((wave, index) => wave.Select(c => (c.Name, Wave: index + 1))).ToDictionary(x => x.Name, x => x.Wave);
        var now = DateTimeOffset.UtcNow;
        return new TrainPlan(TrainPlan.NewId(now), kind, from, to, now, requestedBy, options,
            planned.Select(p => p with { Wave = p.Action.Deploys() ? waveOf.GetValueOrDefault(p.Component) : 0 }).ToList(), manifest.ApprovalsFor(to), null, rollbackTo);
    }

    /// <summary>One row: the component untenanted (<paramref name="tenant"/> null) or for a tenant, whose current in the destination is its own.</summary>
    static async Task<PlannedComponent> PlanOneAsync(
        IReleaseServer server, MonorepoManifest manifest, ComponentDefinition component, string? tenant, IReadOnlyList<string> sources, string to, PromotionOptions options,
        string channel, string kind, SourceReads reads, CancellationToken cancellationToken)
    {
        var name = component.Name;
        var current = await server.GetCurrentDeploymentForTenantAsync(name, to, tenant, cancellationToken).ConfigureAwait(false);
        PlannedComponent Row(string? candidate, string? releaseId, PlanAction action, string reason) =>
            new(name, current?.Version, candidate, releaseId, action, reason, 0) { Tenant = tenant };
        if (!Selected(options, name))
            return Row(null, null, PlanAction.SkipExcluded, options.Only is { Count: > 0 } ? "not in --only" : "in --skip");

        string? pin = null;
        if (tenant is not null && options.TenantPins is { } byTenant)
        {
            if (!(byTenant.TryGetValue(tenant, out var own) && own.TryGetValue(name, out pin)))
                return Row(null, null, PlanAction.SkipExcluded, $"no version of it for {tenant} to go back to");
        }
        else if (options.PinnedVersions.TryGetValue(name, out var given)) pin = given;

        var pinned = pin is not null;
        var (candidate, why) = pinned ? await PinnedAsync(reads, name, pin!, cancellationToken).ConfigureAwait(false)
            : await LastSuccessfulAsync(server, manifest, reads, name, tenant, sources, options.Pattern, channel, cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            var policy = options.NotFound switch { NotFoundPolicy.Skip => "skipped", NotFoundPolicy.Warn => "warning", _ => "error" };
            return Row(null, null, PlanAction.NotFound, $"{why} ({policy})");
        }

        if (kind == "rollback" && component.Train.RollForward && candidate.Version != current?.Version)
            return Row(candidate.Version, candidate.Id, PlanAction.SkipRollForward,
                $"'rollback: roll-forward': {name} is never taken back (stays at {current?.Version ?? "nothing"}); fix forward instead");

        var (action, reason) = WhenRule.Decide(name, to, current?.Version, current?.InstallIsMissing() == true, candidate.Version,
            options.When, options.AllowDowngrade, pinned);
        return Row(candidate.Version, candidate.Id, action, $"{why}; {reason}");
    }

    /// <summary>
    /// The release last deployed successfully to the source (not the newest created) that matches the pattern and channel. The
    /// sources are nearest first: when the phase before the destination is optional and holds none, the phase before it is asked.
    /// For a tenant's row, a source the tenant is connected to (and gets the component in) offers what is current there <em>for that
    /// tenant</em>: each tenant moves through the lifecycle on its own, as Octopus promotes a tenanted project. A source the tenant is not
    /// connected to (Test, where everything is deployed untenanted) offers its untenanted last successful deployment, the same for every tenant.
    /// </summary>
    static async Task<(ReleaseInfo? Release, string Why)> LastSuccessfulAsync(
        IReleaseServer server, MonorepoManifest manifest, SourceReads reads, string component, string? tenant, IReadOnlyList<string> sources, string? pattern, string channel,
        CancellationToken cancellationToken)
    {
        var releases = await reads.ReleasesAsync(component, cancellationToken).ConfigureAwait(false);
        bool Fits(ReleaseInfo r) => VersionPattern.Matches(pattern, r.Version) && string.Equals(r.Channel, channel, StringComparison.OrdinalIgnoreCase);
        var matching = pattern is null ? "" : $" matching {pattern}";
        if (sources.Count == 0) // the destination is in the first phase: the newest release created, as Octopus does
        {
            var newest = releases.Values.OrderByDescending(r => r.CreatedAt).FirstOrDefault(Fits);
            return newest is null ? (null, $"no release{matching} in channel {channel}") : (newest, $"newest release{matching} (first phase)");
        }

        foreach (var source in sources)
        {
            var own = Tenants.SourceTenant(manifest, component, source, tenant);
            ReleaseInfo? last;
            if (own is not null)
            {
                var current = await server.GetCurrentDeploymentForTenantAsync(component, source, own, cancellationToken).ConfigureAwait(false);
                last = current is null ? null : releases.GetValueOrDefault(current.ReleaseId) is { } release && Fits(release) ? release : null;
            }
            else
            {
                last = (await reads.DeploymentsAsync(component, source, cancellationToken).ConfigureAwait(false))
                    .Where(d => d.State == DeploymentState.Success)
                    .Select(d => releases.GetValueOrDefault(d.ReleaseId))
                    .FirstOrDefault(r => r is not null && Fits(r));
            }

            var forWhom = own is null ? "" : $" for {own}";
            if (last is not null)
                return (last, source == sources[0] ? $"last successful in {source}{forWhom}{matching}"
                    : $"last successful in {source}{forWhom}{matching} ({string.Join(", ", sources.TakeWhile(s => s != source))}: optional phase, none there)");
        }

        var whose = tenant is null ? "" : $" (for {tenant} where it is connected, else untenanted)";
        return (null, $"nothing{matching} in channel {channel} was deployed successfully to {string.Join(" or ", sources)}{whose}");
    }

    static async Task<(ReleaseInfo? Release, string Why)> PinnedAsync(SourceReads reads, string component, string version, CancellationToken cancellationToken)
    {
        var release = (await reads.ReleasesAsync(component, cancellationToken).ConfigureAwait(false)).Values
            .FirstOrDefault(r => string.Equals(r.Version, version, StringComparison.OrdinalIgnoreCase));
        return release is null ? (null, $"--version {component}={version}: no such release") : (release, $"pinned {version}");
    }

    static bool Selected(PromotionOptions options, string component) =>
        (options.Only is not { Count: > 0 } only || only.Contains(component, StringComparer.Ordinal))
        && (options.Skip is not { } skip || !skip.Contains(component, StringComparer.Ordinal));

    /// <summary>A typo in --only, --skip or --version would silently promote something else: every name must be a deployable component.</summary>
    static void CheckNames(MonorepoManifest manifest, PromotionOptions options)
    {
        var deployable = manifest.Components.Where(c => c.Deployable).Select(c => c.Name).ToList();
        foreach (var (flag, names) in new[] { ("--only", options.Only ?? []), ("--skip", options.Skip ?? []), ("--version", options.PinnedVersions.Keys.ToList()) })
        {
            var unknown = names.FirstOrDefault(n => !deployable.Contains(n, StringComparer.Ordinal));
            if (unknown is not null)
                throw new BadInputException($"{flag}: '{unknown}' is not a deployable component. Deployable components: {string.Join(", ", deployable)}.");
        }
    }

    static string ResolveChannel(MonorepoManifest manifest, string? channel) =>
        channel is null ? manifest.Channels.First(c => c.IsDefault).Name
        : manifest.Channels.FirstOrDefault(c => string.Equals(c.Name, channel, StringComparison.OrdinalIgnoreCase))?.Name
          ?? throw new BadInputException($"--channel: '{channel}' is not in the manifest's channels ({string.Join(", ", manifest.Channels.Select(c => c.Name))}).");

    /// <summary>
    /// The releases of a component and its deployments to a source, read once per plan: every tenant's row of a component asks for the
    /// same ones, and an untenanted train makes exactly the reads it made before tenants existed.
    /// </summary>
    sealed class SourceReads(IReleaseServer server)
    {
        readonly Dictionary<string, Dictionary<string, ReleaseInfo>> releases = new(StringComparer.Ordinal);
        readonly Dictionary<(string, string), IReadOnlyList<DeploymentInfo>> deployments = [];

        public async Task<Dictionary<string, ReleaseInfo>> ReleasesAsync(string component, CancellationToken cancellationToken)
        {
            if (!releases.TryGetValue(component, out var byId))
                releases[component] = byId = (await server.ListReleasesAsync(component, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id);
            return byId;
        }

        public async Task<IReadOnlyList<DeploymentInfo>> DeploymentsAsync(string component, string source, CancellationToken cancellationToken)
        {
            if (!deployments.TryGetValue((component, source), out var list))
                deployments[(component, source)] = list = await server.ListDeploymentsAsync(component, source, cancellationToken).ConfigureAwait(false);
            return list;
        }
    }
}
