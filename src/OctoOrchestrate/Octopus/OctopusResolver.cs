using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>Finds what the manifest names on the server. Every missing project or channel is reported at once, with what to create.</summary>
internal static class OctopusResolver
{
    public static async Task<Resolved> ResolveAsync(OctopusClient client, MonorepoManifest manifest, OctopusConnection connection, CancellationToken cancellationToken)
    {
        var space = await client.FindSpaceAsync(connection.Space, cancellationToken).ConfigureAwait(false);
        var components = manifest.Components.Where(c => c.Deployable).ToList();
        var found = await Bounded(components, c => client.FindProjectAsync(space.Id, c.Project, cancellationToken), cancellationToken).ConfigureAwait(false);
        var missing = found.Where(f => f.Value is null).Select(f => f.Component).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(
                $"Octopus space '{space.Name}' has no project {string.Join(", ", missing.Select(c => $"'{c.Project}' (component {c.Name})"))}. " +
                "Create one project per component, named as its 'project:' key (default: the component's name), whose deployment process deploys the " +
                $"component's package ({string.Join(", ", missing.Select(c => c.PackageId))}) from the built-in feed; or fix 'project:' in {manifest.FilePath}.");
        }

        var projects = found.ToDictionary(f => f.Component.Name, f => f.Value!);
        var channels = (await Bounded(components, c => client.ChannelsAsync(space.Id, projects[c.Name].Id, cancellationToken), cancellationToken).ConfigureAwait(false))
            .ToDictionary(x => x.Component.Name, x => x.Value);
        CheckChannels(manifest, components, projects, channels);

        var environments = (await client.EnvironmentsAsync(space.Id, cancellationToken).ConfigureAwait(false)).OrderBy(e => e.SortOrder).ToList();
        var lifecycleIds = components.ToDictionary(c => c.Name, c => channels[c.Name].FirstOrDefault(ch => ch.IsDefault)?.LifecycleId ?? projects[c.Name].LifecycleId);
        var lifecycles = new Dictionary<string, Lifecycle>();
        foreach (var id in lifecycleIds.Values.Distinct())
            lifecycles[id] = ToPort(await client.LifecycleAsync(space.Id, id, cancellationToken).ConfigureAwait(false), environments);

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
        return new Resolved(space, projects, channels, environments, lifecycle);
    }

    /// <summary>One lookup per component, a few at a time (a big monorepo must not burst past the server's rate limit), in manifest order.</summary>
    static async Task<List<(ComponentDefinition Component, T Value)>> Bounded<T>(List<ComponentDefinition> components, Func<ComponentDefinition, Task<T>> lookup, CancellationToken cancellationToken)
    {
        var results = new (ComponentDefinition, T)[components.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, components.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, _) => results[i] = (components[i], await lookup(components[i]).ConfigureAwait(false))).ConfigureAwait(false);
        return [.. results];
    }

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
                .Select(p => new LifecyclePhase(p.Name, (p.AutomaticDeploymentTargets ?? []).Concat(p.OptionalDeploymentTargets ?? []).Select(Name).ToList()))
                .Where(p => p.Environments.Count > 0)
                .ToList();
        return new Lifecycle(lifecycle.Name, phases);
    }
}
