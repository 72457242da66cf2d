using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Plan;

/// <summary>
/// Decides a train promotion without deploying anything: the source (the lifecycle phase before the destination unless <c>--from</c>),
/// per component the candidate (the release last <em>successfully</em> deployed to the source that matches the pattern and channel, or a
/// pinned version), the action (<see cref="WhenRule"/>), and the waves. The same plan is what <c>--what-if</c> prints and what the run does.
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

        var planned = new List<PlannedComponent>();
        foreach (var component in ManifestGraph.Order(manifest).Where(c => c.Deployable))
        {
            cancellationToken.ThrowIfCancellationRequested();
            planned.Add(await PlanOneAsync(server, manifest, component, sources, to, options, channel, kind, cancellationToken).ConfigureAwait(false));
        }

        var missing = planned.Where(p => p.Action == PlanAction.NotFound).ToList();
        if (options.NotFound == NotFoundPolicy.Error && missing.Count > 0)
            throw new BadInputException($"--not-found error: no candidate for {string.Join(", ", missing.Select(m => $"{m.Component} ({m.Reason})"))}. Nothing was deployed.");

        var waves = DeployWaves.Plan(manifest, planned.Where(p => p.Action.Deploys()).Select(p => p.Component).ToHashSet());
        var waveOf = waves.SelectMany((wave, index) => wave.Select(c => (c.Name, Wave: index + 1))).ToDictionary(x => x.Name, x => x.Wave);
        var now = DateTimeOffset.UtcNow;
        return new TrainPlan(TrainPlan.NewId(now), kind, from, to, now, requestedBy, options,
            planned.Select(p => p with { Wave = waveOf.GetValueOrDefault(p.Component) }).ToList(), manifest.ApprovalsFor(to), null, rollbackTo);
    }

    static async Task<PlannedComponent> PlanOneAsync(
        IReleaseServer server, MonorepoManifest manifest, ComponentDefinition component, IReadOnlyList<string> sources, string to, PromotionOptions options, string channel, string kind,
        CancellationToken cancellationToken)
    {
        var name = component.Name;
        var current = await server.GetCurrentDeploymentAsync(name, to, cancellationToken).ConfigureAwait(false);
        // Where tenants get a component it is deployed per tenant, never untenanted; the train does not deploy per tenant yet.
        if (Tenants.IsTenantedIn(manifest, name, to))
            return new PlannedComponent(name, current?.Version, null, null, PlanAction.SkipExcluded,
                $"deployed per tenant in {to} ({Tenants.TenantsOf(manifest, name, to)}); the train does not deploy per tenant yet: use 'promote --from A --to {to} --tenant NAME' or 'deploy --to {to} --tenant NAME'", 0);
        if (!Selected(options, name))
            return new PlannedComponent(name, current?.Version, null, null, PlanAction.SkipExcluded, options.Only is { Count: > 0 } ? "not in --only" : "in --skip", 0);

        var pinned = options.PinnedVersions.TryGetValue(name, out var pin);
        var (candidate, why) = pinned ? await PinnedAsync(server, name, pin!, cancellationToken).ConfigureAwait(false)
            : await LastSuccessfulAsync(server, name, sources, options.Pattern, channel, cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            var policy = options.NotFound switch { NotFoundPolicy.Skip => "skipped", NotFoundPolicy.Warn => "warning", _ => "error" };
            return new PlannedComponent(name, current?.Version, null, null, PlanAction.NotFound, $"{why} ({policy})", 0);
        }

        if (kind == "rollback" && component.Train.RollForward && candidate.Version != current?.Version)
            return new PlannedComponent(name, current?.Version, candidate.Version, candidate.Id, PlanAction.SkipRollForward,
                $"'rollback: roll-forward': {name} is never taken back (stays at {current?.Version ?? "nothing"}); fix forward instead", 0);

        var (action, reason) = WhenRule.Decide(name, to, current?.Version, current?.InstallIsMissing() == true, candidate.Version,
            options.When, options.AllowDowngrade, pinned);
        return new PlannedComponent(name, current?.Version, candidate.Version, candidate.Id, action, $"{why}; {reason}", 0);
    }

    /// <summary>
    /// The release last deployed successfully to the source (not the newest created) that matches the pattern and channel. The
    /// sources are nearest first: when the phase before the destination is optional and holds none, the phase before it is asked.
    /// </summary>
    static async Task<(ReleaseInfo? Release, string Why)> LastSuccessfulAsync(
        IReleaseServer server, string component, IReadOnlyList<string> sources, string? pattern, string channel, CancellationToken cancellationToken)
    {
        var releases = (await server.ListReleasesAsync(component, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id);
        bool Fits(ReleaseInfo r) => VersionPattern.Matches(pattern, r.Version) && string.Equals(r.Channel, channel, StringComparison.OrdinalIgnoreCase);
        var matching = pattern is null ? "" : $" matching {pattern}";
        if (sources.Count == 0) // the destination is in the first phase: the newest release created, as Octopus does
        {
            var newest = releases.Values.OrderByDescending(r => r.CreatedAt).FirstOrDefault(Fits);
            return newest is null ? (null, $"no release{matching} in channel {channel}") : (newest, $"newest release{matching} (first phase)");
        }

        foreach (var source in sources)
        {
            var deployments = await server.ListDeploymentsAsync(component, source, cancellationToken).ConfigureAwait(false);
            var last = deployments.Where(d => d.State == DeploymentState.Success)
                .Select(d => releases.GetValueOrDefault(d.ReleaseId))
                .FirstOrDefault(r => r is not null && Fits(r));
            if (last is not null)
                return (last, source == sources[0] ? $"last successful in {source}{matching}"
                    : $"last successful in {source}{matching} ({string.Join(", ", sources.TakeWhile(s => s != source))}: optional phase, none there)");
        }

        return (null, $"nothing{matching} in channel {channel} was deployed successfully to {string.Join(" or ", sources)}");
    }

    static async Task<(ReleaseInfo? Release, string Why)> PinnedAsync(IReleaseServer server, string component, string version, CancellationToken cancellationToken)
    {
        var release = (await server.ListReleasesAsync(component, cancellationToken).ConfigureAwait(false))
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
}
