using System.Net;
using System.Text;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>Markdown for a CI summary page. Cells are HTML-encoded (GitHub renders inline HTML) and keep the table's pipes apart.</summary>
internal static class Markdown
{
    public static string Cell(string text) =>
        WebUtility.HtmlEncode(Terminal.Safe(text)).Replace("|", "&#124;", StringComparison.Ordinal).Replace("`", "&#96;", StringComparison.Ordinal);

    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", headers.Select(Cell))).Append(" |\n");
        text.Append('|').Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) text.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        return text.ToString();
    }

    public static string Mermaid(string graph) => "```mermaid\n" + graph + "```\n";
}
