using Spectre.Console;

namespace OctoOrchestrate.Cli;

/// <summary>Summary tables: Spectre.Console drawing, without colours or live updates when output is redirected or CI=true.</summary>
internal static class Tables
{
    public static Table Create(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(column));
        return table;
    }

    /// <summary>A row of user data, each cell made <see cref="Terminal.Safe"/>: a line break inside a file name shows as <c>\n</c>.</summary>
    public static void AddPlainRow(this Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(Terminal.Safe(c))).ToArray());

    /// <summary>A row whose cells hold several lines on purpose; each line is made <see cref="Terminal.Safe"/> on its own.</summary>
    public static void AddPlainRow(this Table table, params IEnumerable<string>[] cells) =>
        table.AddRow(cells.Select(lines => new Text(string.Join('\n', lines.Select(line => Terminal.Safe(line))))).ToArray());

    public static void Write(TextWriter writer, Table table)
    {
        // Spectre must see the console itself to size and colour for it; the cells are already masked and escaped.
        OutputWriter.WriteThrough(writer, inner => WriteTable(inner, table));
    }

    static void WriteTable(TextWriter writer, Table table)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = IsPlain(writer) ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = IsPlain(writer) ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (IsPlain(writer)) console.Profile.Width = 160;
        console.Write(table);
    }

    public static bool IsPlain(TextWriter writer) =>
        OutputWriter.Unwrap(writer) != Console.Out || Console.IsOutputRedirected || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
