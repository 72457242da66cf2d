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

    public static string Mermaid(TrainGraph graph) => TextFormat.Walk(graph, new MermaidFormat(graph.Ids()));

    /// <summary>
    /// A name inside <c>["…"]</c>: Mermaid's entity codes for the characters that would end the label or be read as markup,
    /// and for the backtick, so the graph embedded in a markdown fence cannot close it.
    /// </summary>
    public static string MermaidLabel(string name) => EachChar(name, c => c switch
    {
        '"' or '#' or '<' or '>' or '&' or '`' or '|' or '[' or ']' or '{' or '}' or '(' or ')' or ';' =>
            "#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";",
        < ' ' or '\u007f' => " ",
        _ => c.ToString(),
    });

    public static string Dot(TrainGraph graph) => TextFormat.Walk(graph, new DotFormat());

    /// <summary>A DOT quoted string: backslash and quote escaped, line breaks as <c>\n</c>, other controls dropped.</summary>
    public static string DotString(string value) => "\"" + EachChar(value, c => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        < ' ' or '\u007f' => "",
        _ => c.ToString(),
    }) + "\"";

    /// <summary>The one loop of both escapers: each character replaced by what <paramref name="escape"/> makes of it.</summary>
    static string EachChar(string value, Func<char, string> escape)
    {
        var text = new StringBuilder(value.Length + 2);
        foreach (var c in value) text.Append(escape(c));
        return text.ToString();
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
