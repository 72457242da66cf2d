using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Detect;

/// <summary>Turns changed files into affected components: owner mapping, global files, then propagation along <c>uses</c>.</summary>
// Plain loops: LINQ over this assembly's types would be JIT-compiled on every CLI start (outside ReadyToRun's bubble).
internal static class AffectedCalculator
{
    /// <summary>Components with direct reasons (owned or global files), before propagation.</summary>
    public static Dictionary<string, List<AffectedReason>> DirectReasons(MonorepoManifest manifest, ComponentIndex index, List<ChangedFile> files)
    {
        var globals = new PathRules(manifest.GlobalFiles);
        var reasons = new Dictionary<string, List<AffectedReason>>(StringComparer.Ordinal);
        void Add(string component, AffectedReason reason)
        {
            if (!reasons.TryGetValue(component, out var list)) reasons[component] = list = [];
            list.Add(reason);
        }

        foreach (var file in files)
        {
            if (globals.IsMatch(file.Path))
            {
                foreach (var component in manifest.Components) Add(component.Name, new AffectedReason(ReasonKind.Global, file.Path));
            }

            foreach (var owner in index.Owners(file.Path)) Add(owner, new AffectedReason(ReasonKind.File, file.Path));
        }

        return reasons;
    }

    /// <summary>Adds the reason "its manifest entry changed" to <paramref name="components"/>.</summary>
    public static void AddManifestReasons(Dictionary<string, List<AffectedReason>> reasons, List<string> components, string manifestPath)
    {
        foreach (var component in components)
        {
            if (!reasons.TryGetValue(component, out var list)) reasons[component] = list = [];
            list.Add(new AffectedReason(ReasonKind.Manifest, manifestPath));
        }
    }

    /// <summary>Adds <c>uses</c> reasons transitively and returns every affected component once, in dependency order.</summary>
    /// <param name="order">The manifest's components in dependency order (<see cref="ManifestGraph.Order"/>).</param>
    public static List<AffectedComponent> Propagate(IReadOnlyList<ComponentDefinition> order, Dictionary<string, List<AffectedReason>> reasons, HashSet<string> removed)
    {
        var result = new List<AffectedComponent>();
        var affected = new HashSet<string>(removed, StringComparer.Ordinal);
        foreach (var component in order)
        {
            var all = reasons.TryGetValue(component.Name, out var own) ? new List<AffectedReason>(own) : [];
            foreach (var used in component.Uses)
            {
                if (affected.Contains(used)) all.Add(new AffectedReason(ReasonKind.Uses, Component: used));
            }

            if (all.Count == 0 || removed.Contains(component.Name)) continue;
            affected.Add(component.Name);
            result.Add(new AffectedComponent(component.Name, all));
        }

        return result;
    }
}
