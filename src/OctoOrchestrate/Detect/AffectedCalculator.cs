using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Detect;

/// <summary>Turns changed files into affected components: owner mapping, global files, then propagation along <c>uses</c>.</summary>
internal static class AffectedCalculator
{
    /// <summary>Components with direct reasons (owned or global files), before propagation.</summary>
    public static Dictionary<string, List<AffectedReason>> DirectReasons(MonorepoManifest manifest, IEnumerable<ChangedFile> files)
    {
        var index = new ComponentIndex(manifest.Components);
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

    /// <summary>Adds <c>uses</c> reasons transitively and returns every affected component once, in dependency order.</summary>
    public static List<AffectedComponent> Propagate(MonorepoManifest manifest, Dictionary<string, List<AffectedReason>> reasons, IReadOnlySet<string> removed)
    {
        var result = new List<AffectedComponent>();
        var affected = new HashSet<string>(removed, StringComparer.Ordinal);
        foreach (var component in ManifestGraph.Order(manifest))
        {
            var own = reasons.GetValueOrDefault(component.Name) ?? [];
            var via = component.Uses.Where(affected.Contains).Select(u => new AffectedReason(ReasonKind.Uses, Component: u));
            var all = own.Concat(via).ToList();
            if (all.Count == 0 || removed.Contains(component.Name)) continue;
            affected.Add(component.Name);
            result.Add(new AffectedComponent(component.Name, all));
        }

        return result;
    }
}
