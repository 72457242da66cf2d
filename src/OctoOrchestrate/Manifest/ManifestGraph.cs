namespace OctoOrchestrate.Manifest;

/// <summary>
/// The order components must go in: a component comes after every component it <c>uses</c> or is declared to <c>deployAfter</c>.
/// Ties keep the manifest's order, so the plan is the same on every machine.
/// </summary>
public static class ManifestGraph
{
    internal static void Validate(MonorepoManifest manifest)
    {
        var seen = new Dictionary<string, ComponentDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var component in manifest.Components)
        {
            if (!seen.TryAdd(component.Name, component))
                throw new ManifestException(manifest.FilePath, component.Line,
                    $"Duplicate component name '{component.Name}' (first defined on line {seen[component.Name].Line}). Rename one of them.");
        }

        var byName = ByName(manifest);
        foreach (var component in manifest.Components)
        {
            foreach (var (key, targets) in new[] { ("uses", component.Uses), ("deployAfter", component.DeployAfter) })
            {
                foreach (var target in targets)
                {
                    if (!byName.ContainsKey(target))
                        throw new ManifestException(manifest.FilePath, component.Line,
                            $"Component '{component.Name}' has '{key}: {target}', but no component is named '{target}'. Known components: {string.Join(", ", manifest.Components.Select(c => c.Name))}.");
                    if (target == component.Name)
                        throw new ManifestException(manifest.FilePath, component.Line, $"Component '{component.Name}' lists itself in '{key}'. Remove it.");
                }
            }
        }

        var cycle = FindCycle(manifest);
        if (cycle is not null)
        {
            var first = manifest.Component(cycle[0]);
            throw new ManifestException(manifest.FilePath, first.Line,
                $"Components depend on each other in a cycle: {string.Join(" -> ", cycle)}. Remove one 'uses' or 'deployAfter' entry of that cycle.");
        }
    }

    /// <summary>The components a component must follow: those it uses and those it deploys after.</summary>
    public static IEnumerable<string> Predecessors(ComponentDefinition component) => component.Uses.Concat(component.DeployAfter).Distinct();

    /// <summary>All components in dependency order.</summary>
    public static IReadOnlyList<ComponentDefinition> Order(MonorepoManifest manifest)
    {
        var order = new List<ComponentDefinition>(manifest.Components.Count);
        foreach (var wave in Waves(manifest)) order.AddRange(wave);
        return order;
    }

    /// <summary>
    /// Groups all components into waves: every predecessor of a wave's component is in an earlier wave. For a subset, use
    /// DeployWaves.Plan, which does not let components outside the subset add waves.
    /// </summary>
    // Plain loops: LINQ over the manifest's types would be JIT-compiled on every CLI start (outside ReadyToRun's bubble).
    public static IReadOnlyList<IReadOnlyList<ComponentDefinition>> Waves(MonorepoManifest manifest)
    {
        var byName = ByName(manifest);
        var level = new Dictionary<string, int>();
        int Level(ComponentDefinition c)
        {
            if (level.TryGetValue(c.Name, out var known)) return known;
            var deepest = 0;
            foreach (var p in c.Uses) deepest = Math.Max(deepest, Level(Find(manifest, byName, p)) + 1);
            foreach (var p in c.DeployAfter) deepest = Math.Max(deepest, Level(Find(manifest, byName, p)) + 1);
            return level[c.Name] = deepest;
        }

        var byLevel = new List<List<ComponentDefinition>>();
        foreach (var component in manifest.Components)
        {
            var wave = Level(component);
            while (byLevel.Count <= wave) byLevel.Add([]);
            byLevel[wave].Add(component);
        }

        var waves = new List<IReadOnlyList<ComponentDefinition>>(byLevel.Count);
        foreach (var wave in byLevel)
        {
            if (wave.Count > 0) waves.Add(wave);
        }

        return waves;
    }

    static List<string>? FindCycle(MonorepoManifest manifest)
    {
        var byName = ByName(manifest);
        var state = new Dictionary<string, int>(); // 1 = on the stack, 2 = done
        var stack = new List<string>();

        List<string>? Visit(string name)
        {
            state[name] = 1;
            stack.Add(name);
            foreach (var next in Predecessors(Find(manifest, byName, name)))
            {
                if (state.GetValueOrDefault(next) == 1) return [.. stack.Skip(stack.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            return null;
        }

        foreach (var component in manifest.Components)
        {
            if (state.GetValueOrDefault(component.Name) == 0 && Visit(component.Name) is { } cycle) return cycle;
        }

        return null;
    }

    // Every edge is looked up by name; a linear search would make the walks quadratic in the component count.
    static Dictionary<string, ComponentDefinition> ByName(MonorepoManifest manifest)
    {
        var byName = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        foreach (var component in manifest.Components) byName.TryAdd(component.Name, component);
        return byName;
    }

    static ComponentDefinition Find(MonorepoManifest manifest, Dictionary<string, ComponentDefinition> byName, string name) =>
        byName.TryGetValue(name, out var component) ? component : manifest.Component(name);
}
