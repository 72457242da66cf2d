using System.Globalization;
using System.Text;
using OctoOrchestrate.Cli.CiOutput;

namespace OctoOrchestrate.Cli.Graph;

/// <summary>The train graph written as Mermaid (GitHub renders it in markdown), Graphviz DOT, or JSON.</summary>
internal static class GraphFormats
{
    public static string Write(TrainGraph graph, string format) => format switch
    {
        "dot" => Dot(graph),
        "json" => Json(graph),
        _ => Mermaid(graph),
    };

    public static string Mermaid(TrainGraph graph)
    {
        var ids = graph.Ids();
        var text = new StringBuilder("flowchart LR\n");
        foreach (var wave in graph.Waves)
        {
            var number = wave[0].Wave.ToString(CultureInfo.InvariantCulture);
            text.Append("  subgraph w").Append(number).Append("[\"wave ").Append(number).Append("\"]\n");
            foreach (var node in wave) text.Append("    ").Append(ids[node.Name]).Append("[\"").Append(MermaidLabel(node.Name)).Append("\"]\n");
            text.Append("  end\n");
        }

        foreach (var edge in graph.Edges)
            text.Append("  ").Append(ids[edge.From]).Append(edge.Kind == "uses" ? " -->|uses| " : " -.->|deploy after| ").Append(ids[edge.To]).Append('\n');
        text.Append("  classDef changed fill:#ffe8cc,stroke:#e8590c,stroke-width:3px\n");
        text.Append("  classDef library stroke-dasharray:4 3\n");
        AppendClass(text, "changed", graph.Nodes.Where(n => n.Changed).Select(n => ids[n.Name]));
        AppendClass(text, "library", graph.Nodes.Where(n => !n.Deployable).Select(n => ids[n.Name]));
        return text.ToString();
    }

    static void AppendClass(StringBuilder text, string name, IEnumerable<string> ids)
    {
        var list = string.Join(',', ids);
        if (list.Length > 0) text.Append("  class ").Append(list).Append(' ').Append(name).Append('\n');
    }

    /// <summary>
    /// A name inside <c>["…"]</c>: Mermaid's entity codes for the characters that would end the label or be read as markup,
    /// and for the backtick, so the graph embedded in a markdown fence cannot close it.
    /// </summary>
    public static string MermaidLabel(string name)
    {
        var label = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            label.Append(c switch
            {
                '"' or '#' or '<' or '>' or '&' or '`' or '|' or '[' or ']' or '{' or '}' or '(' or ')' or ';' =>
                    "#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";",
                < ' ' or '\u007f' => " ",
                _ => c.ToString(),
            });
        }

        return label.ToString();
    }

    public static string Dot(TrainGraph graph)
    {
        var text = new StringBuilder("digraph train {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        foreach (var wave in graph.Waves)
        {
            var number = wave[0].Wave.ToString(CultureInfo.InvariantCulture);
            text.Append("  subgraph cluster_wave").Append(number).Append(" {\n    label=\"wave ").Append(number).Append("\";\n");
            foreach (var node in wave)
            {
                text.Append("    ").Append(DotString(node.Name));
                var attributes = new List<string>();
                if (node.Changed) attributes.Add("style=\"rounded,filled,bold\", fillcolor=\"#ffe8cc\", color=\"#e8590c\"");
                if (!node.Deployable) attributes.Add("style=\"rounded,dashed\"");
                if (attributes.Count > 0) text.Append(" [").Append(string.Join(", ", attributes)).Append(']');
                text.Append(";\n");
            }

            text.Append("  }\n");
        }

        foreach (var edge in graph.Edges)
            text.Append("  ").Append(DotString(edge.From)).Append(" -> ").Append(DotString(edge.To))
                .Append(edge.Kind == "uses" ? " [label=\"uses\"];\n" : " [label=\"deploy after\", style=dashed];\n");
        return text.Append("}\n").ToString();
    }

    /// <summary>A DOT quoted string: backslash and quote escaped, line breaks as <c>\n</c>, other controls dropped.</summary>
    public static string DotString(string value)
    {
        var text = new StringBuilder("\"", value.Length + 2);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                < ' ' or '\u007f' => "",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public static string Json(TrainGraph graph) => CiJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("components");
        foreach (var node in graph.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("name", node.Name);
            w.WriteNumber("wave", node.Wave);
            w.WriteBoolean("deployable", node.Deployable);
            w.WriteBoolean("changed", node.Changed);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var edge in graph.Edges)
        {
            w.WriteStartObject();
            w.WriteString("from", edge.From);
            w.WriteString("to", edge.To);
            w.WriteString("kind", edge.Kind);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("waves");
        foreach (var wave in graph.Waves)
        {
            w.WriteStartArray();
            foreach (var node in wave) w.WriteStringValue(node.Name);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
