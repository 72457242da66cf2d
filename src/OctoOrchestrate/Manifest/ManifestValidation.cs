using OctoOrchestrate.Detect;
using OctoOrchestrate.Version;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// The loader's rules checked again on a manifest that did not come straight from the YAML (the cache): the same name,
/// glob and graph rules, so whatever a cache file holds, only a manifest the loader would also accept is used.
/// </summary>
internal static class ManifestValidation
{
    public static bool IsValid(MonorepoManifest manifest)
    {
        if (!ComponentVersion.TryParse(manifest.Train + ".1", out _)) return false;
        if (!AllValid(manifest.GlobalFiles, g => Glob.Problem(g) is null)) return false;
        if (manifest.Environments.Count == 0 || !AllValid(manifest.Environments, NameRules.IsValid) || !Unique(manifest.Environments)) return false;
        foreach (var groups in manifest.Approvals.Values)
        {
            if (!AllValid(groups, DisplayNameRules.IsValid) || !Unique(groups)) return false;
        }

        var defaults = 0;
        var channelNames = new List<string>(manifest.Channels.Count);
        foreach (var channel in manifest.Channels)
        {
            if (!NameRules.IsValid(channel.Name)) return false;
            if (channel.IsDefault) defaults++;
            channelNames.Add(channel.Name);
        }

        if (defaults != 1 || !Unique(channelNames)) return false;
        foreach (var component in manifest.Components)
        {
            if (!NameRules.IsValid(component.Name) || !NameRules.IsValid(component.PackageId) || !NameRules.IsValid(component.Project)) return false;
            if (component.Paths.Count == 0 || !AllValid(component.Paths, p => Glob.Problem(p) is null)) return false;
            if (AllValid(component.Paths, p => p.StartsWith('!'))) return false; // only exclusions: owns no file
        }

        if (manifest.Tenants.Count > 0 && !TenantsAreSound(manifest)) return false;
        return GraphIsSound(manifest.Components);
    }

    static bool TenantsAreSound(MonorepoManifest manifest)
    {
        foreach (var tenant in manifest.Tenants)
        {
            if (!NameRules.IsValid(tenant.Name)) return false;
        }

        try
        {
            ManifestLoader.ValidateTenants(manifest);
            return Unique(manifest.Tenants.Select(t => t.Name).ToList());
        }
        catch (ManifestException)
        {
            return false;
        }
    }

    /// <summary>
    /// Unique names, known targets and no cycle, as ManifestGraph.Validate demands, in plain loops over strings: this runs
    /// on every cache hit, where LINQ over the manifest's own types would be JIT-compiled at each CLI start.
    /// </summary>
    static bool GraphIsSound(IReadOnlyList<ComponentDefinition> components)
    {
        var names = new List<string>(components.Count);
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            names.Add(component.Name);
            pending[component.Name] = 0;
        }

        if (!Unique(names)) return false;

        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            foreach (var targets in (IReadOnlyList<string>[])[component.Uses, component.DeployAfter])
            {
                foreach (var target in targets)
                {
                    if (target == component.Name || !pending.ContainsKey(target)) return false;
                    pending[component.Name]++;
                    if (!users.TryGetValue(target, out var list)) users[target] = list = [];
                    list.Add(component.Name);
                }
            }
        }

        // Kahn: take components whose predecessors are all taken; a cycle leaves some behind.
        var ready = new Queue<string>();
        foreach (var component in components)
        {
            if (pending[component.Name] == 0) ready.Enqueue(component.Name);
        }

        var taken = 0;
        while (ready.TryDequeue(out var name))
        {
            taken++;
            if (!users.TryGetValue(name, out var list)) continue;
            foreach (var user in list)
            {
                if (--pending[user] == 0) ready.Enqueue(user);
            }
        }

        return taken == components.Count;
    }

    static bool AllValid(IReadOnlyList<string> values, Func<string, bool> rule)
    {
        foreach (var value in values)
        {
            if (!rule(value)) return false;
        }

        return true;
    }

    static bool Unique(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name)) return false;
        }

        return true;
    }
}
