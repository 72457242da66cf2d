using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Deploy;

/// <summary>
/// The waves for a set of components. Like <see cref="ManifestGraph.Waves"/>, but a component not in the set (a library, or one that did
/// not change) adds no wave of its own: its ordering still passes through, so 'cart uses lib' does not make cart wait a wave for nothing.
/// </summary>
internal static class DeployWaves
{
    public static IReadOnlyList<IReadOnlyList<ComponentDefinition>> Plan(MonorepoManifest manifest, IReadOnlyCollection<string> selected)
    {
        var level = new Dictionary<string, int>();
        int Level(ComponentDefinition c) => level.TryGetValue(c.Name, out var known) ? known
            : level[c.Name] = ManifestGraph.Predecessors(c)
                .Select(p => manifest.Component(p))
                .Select(p => Level(p) + (selected.Contains(p.Name) ? 1 : 0))
                .DefaultIfEmpty(0).Max();

        // Within a wave, the manifest's order keeps the plan the same on every machine.
        return manifest.Components
            .Where(c => selected.Contains(c.Name))
            .GroupBy(Level)
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ComponentDefinition>)g.ToList())
            .ToList();
    }
}
