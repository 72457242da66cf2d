using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Cli.Graph;

internal sealed record GraphNode(string Name, int Wave, bool Deployable, bool Changed);

/// <summary>An edge from the component that goes first to the one that follows it; Kind is <c>uses</c> or <c>deployAfter</c>.</summary>
internal sealed record GraphEdge(string From, string To, string Kind);

/// <summary>The train as a picture: components by wave, their <c>uses</c> and <c>deployAfter</c> edges, the changed ones marked.</summary>
internal sealed record TrainGraph(IReadOnlyList<IReadOnlyList<GraphNode>> Waves, IReadOnlyList<GraphEdge> Edges)
{
    public IEnumerable<GraphNode> Nodes => Waves.SelectMany(w => w);

    public static TrainGraph From(MonorepoManifest manifest, IReadOnlySet<string> changed)
    {
        var waves = ManifestGraph.Waves(manifest)
            .Select((wave, index) => (IReadOnlyList<GraphNode>)wave.Select(c => new GraphNode(c.Name, index + 1, c.Deployable, changed.Contains(c.Name))).ToList())
            .ToList();
        var edges = new List<GraphEdge>();
        foreach (var component in ManifestGraph.Order(manifest))
        {
            foreach (var used in component.Uses) edges.Add(new GraphEdge(used, component.Name, "uses"));
            foreach (var before in component.DeployAfter.Where(d => !component.Uses.Contains(d))) edges.Add(new GraphEdge(before, component.Name, "deployAfter"));
        }

        return new TrainGraph(waves, edges);
    }

    /// <summary>Short ids for the formats whose ids cannot hold any name (<c>n0</c>, <c>n1</c>, …), in wave order.</summary>
    public IReadOnlyDictionary<string, string> Ids() => Nodes.Select((n, i) => (n.Name, Id: "n" + i)).ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
}
