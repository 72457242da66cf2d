using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>Finds what the manifest names on the server. Every missing project or channel is reported at once, with what to create.</summary>
internal static class OctopusResolver
{
    /// <summary>
    /// A constant number of requests whatever the number of components: the space, then every project, channel and lifecycle of the space in
    /// three parallel reads, then the dashboard of the components' projects over the lifecycle's environments (it names them, so no
    /// environments read is needed unless a lifecycle has no phases). The dashboard read here primes the backend's dashboard cache.
    /// </summary>
    public static async Task<(Resolved Server, DashboardResource Dashboard)> ResolveAsync(
        OctopusClient client, MonorepoManifest manifest, OctopusConnection connection, CancellationToken cancellationToken)
    {
        var space = await client.FindSpaceAsync(connection.Space, cancellationToken).ConfigureAwait(false);
        var components = manifest.Components.Where(c => c.Deployable).ToList();
        var allProjects = client.ProjectsAsync(space.Id, cancellationToken);
        var allChannels = client.ChannelsAsync(space.Id, cancellationToken);
        var allLifecycles = client.LifecyclesAsync(space.Id, cancellationToken);
        await Task.WhenAll(allProjects, allChannels, allLifecycles).ConfigureAwait(false);

        var found = components.Select(c => (Component: c, Value: ByName(allProjects.Result, c.Project))).ToList();
        var missing = found.Where(f => f.Value is null).Select(f => f.Component).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(
                $"Octopus space '{space.Name}' has no project {string.Join(", ", missing.Select(c => $"'{c.Project}' (component {c.Name})"))}. " +
                "Create one project per component, named as its 'project:' key (default: the component's name), whose deployment process deploys the " +
                $"component's package ({string.Join(", ", missing.Select(c => c.PackageId))}) from the built-in feed; or fix 'project:' in {manifest.FilePath}.");
        }

        var projects = found.ToDictionary(f => f.Component.Name, f => f.Value!);
        var channels = components.ToDictionary(c => c.Name, c => allChannels.Result.Where(ch => ch.ProjectId == projects[c.Name].Id).ToList());
        CheckChannels(manifest, components, projects, channels);

        var lifecycleIds = components.ToDictionary(c => c.Name, c => channels[c.Name].FirstOrDefault(ch => ch.IsDefault)?.LifecycleId ?? projects[c.Name].LifecycleId);
        var lifecycleResources = new Dictionary<string, LifecycleResource>();
        foreach (var id in lifecycleIds.Values.Distinct())
        {
            lifecycleResources[id] = allLifecycles.Result.FirstOrDefault(l => l.Id == id)
                ?? throw new OctoOrchestrateException($"Octopus space '{space.Name}' has no lifecycle {id}, which project '{projects[lifecycleIds.First(p => p.Value == id).Key].Name}' uses.", ExitCodes.ReleaseServerFailed);
        }

        // Without phases a lifecycle is every environment in SortOrder: only then are the space's environments read.
        var environments = lifecycleResources.Count == 0 || lifecycleResources.Values.Any(l => l.Phases.Count == 0)
            ? (await client.EnvironmentsAsync(space.Id, cancellationToken).ConfigureAwait(false)).OrderBy(e => e.SortOrder).ToList()
            : null;
        var environmentIds = environments?.Select(e => e.Id).ToList()
            ?? lifecycleResources.Values.SelectMany(Targets).Distinct().ToList();
        var dashboard = await client.DashboardAsync(space.Id, projects.Values.Select(p => p.Id), environmentIds, cancellationToken).ConfigureAwait(false);
        environments ??= environmentIds.Select((id, i) => new EnvironmentResource(id, dashboard.Environments?.FirstOrDefault(e => e.Id == id)?.Name ?? id, i)).ToList();

        var lifecycles = lifecycleResources.ToDictionary(l => l.Key, l => ToPort(l.Value, environments));
        var lifecycle = lifecycles.Count > 0 ? lifecycles[lifecycleIds[components[0].Name]] : ToPort(new LifecycleResource("", "Environments", []), environments);
        foreach (var component in components.Where(c => !lifecycles[lifecycleIds[c.Name]].Environments.SequenceEqual(lifecycle.Environments)))
        {
            throw new BadInputException(
                $"Octopus projects '{projects[components[0].Name].Name}' and '{projects[component.Name].Name}' use lifecycles with different environments " +
                $"({string.Join(" -> ", lifecycle.Environments)} vs {string.Join(" -> ", lifecycles[lifecycleIds[component.Name]].Environments)}). " +
                "A release train moves through one lifecycle: give every component's project the same one.");
        }

        if (lifecycle.Environments.Count == 0)
            throw new BadInputException($"The lifecycle of the Octopus projects has no environments (space '{space.Name}'). Add Dev, Test, … to its phases.");
        return (new Resolved(space, projects, channels, environments, lifecycle), dashboard);
    }

    /// <summary>The project named exactly so; else the one equal ignoring case (Octopus names are unique case-insensitively, as OC's FindByName compares them).</summary>
    static ProjectResource? ByName(List<ProjectResource> projects, string name) =>
        projects.FirstOrDefault(p => string.Equals(p.Name.Trim(), name, StringComparison.Ordinal))
        ?? projects.FirstOrDefault(p => string.Equals(p.Name.Trim(), name, StringComparison.OrdinalIgnoreCase));

    static IEnumerable<string> Targets(LifecycleResource lifecycle) =>
        lifecycle.Phases.SelectMany(p => (p.AutomaticDeploymentTargets ?? []).Concat(p.OptionalDeploymentTargets ?? []));

    /// <summary>The manifest's channels must exist in every project (the default one may carry another name: it maps to the project's default channel).</summary>
    static void CheckChannels(MonorepoManifest manifest, List<ComponentDefinition> components, Dictionary<string, ProjectResource> projects, Dictionary<string, List<ChannelResource>> channels)
    {
        var problems = new List<string>();
        foreach (var component in components)
        {
            var present = channels[component.Name];
            foreach (var channel in manifest.Channels.Where(ch => !present.Any(p => string.Equals(p.Name, ch.Name, StringComparison.OrdinalIgnoreCase)) && !(ch.IsDefault && present.Any(p => p.IsDefault))))
                problems.Add($"project '{projects[component.Name].Name}' has no channel '{channel.Name}' (it has {string.Join(", ", present.Select(p => p.Name))})");
        }

        if (problems.Count > 0)
            throw new BadInputException($"Octopus {string.Join("; ", problems)}. Create the channel in each project, or remove it from 'channels:' in {manifest.FilePath}.");
    }

    /// <summary>Phases in order, each with its environments (automatic then optional targets); no phases = one phase per environment.</summary>
    static Lifecycle ToPort(LifecycleResource lifecycle, List<EnvironmentResource> environments)
    {
        string Name(string id) => environments.FirstOrDefault(e => e.Id == id)?.Name ?? id;
        var phases = lifecycle.Phases.Count == 0
            ? environments.Select(e => new LifecyclePhase(e.Name, [e.Name])).ToList()
            : lifecycle.Phases
                .Select(p => new LifecyclePhase(p.Name, (p.AutomaticDeploymentTargets ?? []).Concat(p.OptionalDeploymentTargets ?? []).Select(Name).ToList()) { Optional = p.IsOptionalPhase })
                .Where(p => p.Environments.Count > 0)
                .ToList();
        return new Lifecycle(lifecycle.Name, phases);
    }
}
