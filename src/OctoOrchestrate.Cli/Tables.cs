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

    public static void AddPlainRow(this Table table, params string[] cells) => table.AddRow(cells.Select(c => new Text(c)).ToArray());

    public static void Write(TextWriter writer, Table table)
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
        writer != Console.Out || Console.IsOutputRedirected || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
