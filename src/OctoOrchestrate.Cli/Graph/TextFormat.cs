using System.Globalization;
using System.Text;

namespace OctoOrchestrate.Cli.Graph;

/// <summary>
/// The one walk the text formats share: the header, each wave with its nodes, the edges, the footer. A format only says how each
/// piece is written; which nodes are marked (<see cref="Marks"/>) is decided here, each format styles the marks its own way.
/// </summary>
internal abstract class TextFormat
{
    public const string Changed = "changed";
    public const string Library = "library";

    public static string Walk(TrainGraph graph, TextFormat format)
    {
        var text = new StringBuilder();
        format.Begin(text);
        foreach (var wave in graph.Waves)
        {
            format.BeginWave(text, wave[0].Wave.ToString(CultureInfo.InvariantCulture));
            foreach (var node in wave) format.Node(text, node, Marks(node));
            format.EndWave(text);
        }

        foreach (var edge in graph.Edges) format.Edge(text, edge, uses: edge.Kind == "uses");
        format.End(text);
        return text.ToString();
    }

    /// <summary>Changed (in the train) and library (not deployable), in that order.</summary>
    static List<string> Marks(GraphNode node)
    {
        var marks = new List<string>(2);
        if (node.Changed) marks.Add(Changed);
        if (!node.Deployable) marks.Add(Library);
        return marks;
    }

    protected abstract void Begin(StringBuilder text);

    protected abstract void BeginWave(StringBuilder text, string number);

    protected abstract void Node(StringBuilder text, GraphNode node, IReadOnlyList<string> marks);

    protected abstract void EndWave(StringBuilder text);

    protected abstract void Edge(StringBuilder text, GraphEdge edge, bool uses);

    protected abstract void End(StringBuilder text);
}

/// <summary>Mermaid: short node ids (<see cref="TrainGraph.Ids"/>), the marks as classes listed after the edges.</summary>
internal sealed class MermaidFormat(IReadOnlyDictionary<string, string> ids) : TextFormat
{
    static readonly (string Mark, string Style)[] Styles = [(Changed, "fill:#ffe8cc,stroke:#e8590c,stroke-width:3px"), (Library, "stroke-dasharray:4 3")];
    readonly Dictionary<string, List<string>> marked = Styles.ToDictionary(s => s.Mark, _ => new List<string>());

    protected override void Begin(StringBuilder text) => text.Append("flowchart LR\n");

    protected override void BeginWave(StringBuilder text, string number) => text.Append("  subgraph w").Append(number).Append("[\"wave ").Append(number).Append("\"]\n");

    protected override void Node(StringBuilder text, GraphNode node, IReadOnlyList<string> marks)
    {
        text.Append("    ").Append(ids[node.Name]).Append("[\"").Append(GraphFormats.MermaidLabel(node.Name)).Append("\"]\n");
        foreach (var mark in marks) marked[mark].Add(ids[node.Name]);
    }

    protected override void EndWave(StringBuilder text) => text.Append("  end\n");

    protected override void Edge(StringBuilder text, GraphEdge edge, bool uses) =>
        text.Append("  ").Append(ids[edge.From]).Append(uses ? " -->|uses| " : " -.->|deploy after| ").Append(ids[edge.To]).Append('\n');

    protected override void End(StringBuilder text)
    {
        foreach (var (mark, style) in Styles) text.Append("  classDef ").Append(mark).Append(' ').Append(style).Append('\n');
        foreach (var (mark, _) in Styles.Where(s => marked[s.Mark].Count > 0))
            text.Append("  class ").Append(string.Join(',', marked[mark])).Append(' ').Append(mark).Append('\n');
    }
}

/// <summary>Graphviz DOT: names as quoted ids (<see cref="GraphFormats.DotString"/>), the marks as attributes on each node.</summary>
internal sealed class DotFormat : TextFormat
{
    static readonly Dictionary<string, string> Styles = new(StringComparer.Ordinal)
    {
        [Changed] = "style=\"rounded,filled,bold\", fillcolor=\"#ffe8cc\", color=\"#e8590c\"",
        [Library] = "style=\"rounded,dashed\"",
    };

    protected override void Begin(StringBuilder text) => text.Append("digraph train {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");

    protected override void BeginWave(StringBuilder text, string number) =>
        text.Append("  subgraph cluster_wave").Append(number).Append(" {\n    label=\"wave ").Append(number).Append("\";\n");

    protected override void Node(StringBuilder text, GraphNode node, IReadOnlyList<string> marks)
    {
        text.Append("    ").Append(GraphFormats.DotString(node.Name));
        if (marks.Count > 0) text.Append(" [").Append(string.Join(", ", marks.Select(m => Styles[m]))).Append(']');
        text.Append(";\n");
    }

    protected override void EndWave(StringBuilder text) => text.Append("  }\n");

    protected override void Edge(StringBuilder text, GraphEdge edge, bool uses) =>
        text.Append("  ").Append(GraphFormats.DotString(edge.From)).Append(" -> ").Append(GraphFormats.DotString(edge.To))
            .Append(uses ? " [label=\"uses\"];\n" : " [label=\"deploy after\", style=dashed];\n");

    protected override void End(StringBuilder text) => text.Append("}\n");
}
