using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>Azure Pipelines logging commands: <c>##vso[task.setvariable]</c>, <c>##[group]</c>, <c>##vso[task.logissue]</c>, <c>##vso[build.addbuildtag]</c>.</summary>
internal sealed class AzureServer(TextWriter commands) : CiServer(commands)
{
    public override CiKind Kind => CiKind.Azure;

    public override void SetOutput(string name, string value) =>
        Commands.WriteLine($"##vso[task.setvariable variable={EscapeProperty(VariableName(name))};isOutput=true]{EscapeData(value)}");

    /// <summary>Azure variable names take letters, digits, <c>.</c> and <c>_</c>: <c>any-changed</c> becomes <c>anyChanged</c>.</summary>
    public static string VariableName(string name)
    {
        var spelled = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '-') { upper = true; continue; }
            spelled.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return spelled.ToString();
    }

    public override void Group(string title, IEnumerable<string> lines)
    {
        Commands.WriteLine("##[group]" + EscapeData(Terminal.Safe(title)));
        // Azure has no switch to stop reading commands: a log line that starts with '##' is indented so it stays text.
        foreach (var line in lines)
        {
            var safe = Terminal.Safe(line);
            Commands.WriteLine(safe.TrimStart().StartsWith("##", StringComparison.Ordinal) ? " " + safe : safe);
        }

        Commands.WriteLine("##[endgroup]");
    }

    public override void Error(string message, string? file = null, int line = 0) => Commands.WriteLine(ErrorCommand(message, file, line));

    public static string ErrorCommand(string message, string? file, int line)
    {
        var properties = new StringBuilder("type=error");
        if (file is not null) properties.Append(";sourcepath=").Append(EscapeProperty(file));
        if (file is not null && line > 0) properties.Append(";linenumber=").Append(line);
        return $"##vso[task.logissue {properties}]{EscapeData(message)}";
    }

    public override void Tag(string tag) => Commands.WriteLine($"##vso[build.addbuildtag]{EscapeData(tag)}");

    /// <summary>
    /// Azure's matrix is an object of named legs, <c>{"leg":{"component":"a"}}</c>; a leg name takes letters, digits and
    /// <c>_</c>, so other characters become <c>_</c> (and a number keeps two names that spell alike apart).
    /// </summary>
    public override string Matrix(IReadOnlyList<string> components) => CiJson.Write(w =>
    {
        w.WriteStartObject();
        for (var i = 0; i < components.Count; i++)
        {
            w.WriteStartObject(LegName(components[i], i));
            w.WriteString("component", components[i]);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    static string LegName(string component, int index)
    {
        var name = new StringBuilder("c").Append(index).Append('_');
        foreach (var c in component) name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return name.ToString();
    }

    /// <summary>The agent's escaping of a command's message: <c>%</c> as <c>%AZP25</c> first, then CR and LF.</summary>
    // Masked before escaping: an escaped secret would no longer match the masker.
    public static string EscapeData(string value) => SecretMasker.Mask(value).Replace("%", "%AZP25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value also escapes the separators <c>;</c> and <c>]</c>.</summary>
    public static string EscapeProperty(string value) => EscapeData(value)
        .Replace(";", "%3B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal);
}
