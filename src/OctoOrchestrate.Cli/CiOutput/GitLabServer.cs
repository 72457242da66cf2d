using System.Globalization;
using System.Text;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>
/// GitLab CI: collapsible log sections (<c>section_start</c>/<c>section_end</c>) and a dotenv file for
/// <c>artifacts:reports:dotenv</c>, whose variables later jobs receive (<c>OO_COMPONENTS</c>, <c>OO_ANY_CHANGED</c>, …).
/// </summary>
internal sealed class GitLabServer(TextWriter commands, string dotenvPath) : CiServer(commands)
{
    /// <summary>Overrides where the dotenv file is written.</summary>
    public const string DotenvVariable = "OO_DOTENV";

    public const string DefaultDotenv = "octo-orchestrate.env";

    int sections;

    public override CiKind Kind => CiKind.GitLab;

    public override void SetOutput(string name, string value) => AppendToFile(dotenvPath, DotenvLine(name, value));

    /// <summary><c>OO_ANY_CHANGED=true</c>. GitLab's dotenv takes one line per variable: line breaks in a value become spaces.</summary>
    public static string DotenvLine(string name, string value) =>
        $"OO_{name.Replace('-', '_').ToUpperInvariant()}={value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')}\n";

    public override void Group(string title, IEnumerable<string> lines)
    {
        var name = SectionName(title, ++sections);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // Terminal.Safe writes ESC as text, so a log line cannot open or close a section of its own.
        Commands.WriteLine($"\u001b[0Ksection_start:{now}:{name}[collapsed=true]\r\u001b[0K{Terminal.Safe(title)}");
        foreach (var line in lines) Commands.WriteLine(Terminal.Safe(line));
        Commands.WriteLine($"\u001b[0Ksection_end:{DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:{name}\r\u001b[0K");
    }

    /// <summary>A section name takes letters, digits, <c>_</c>, <c>.</c> and <c>-</c>; the number keeps every section apart.</summary>
    public static string SectionName(string title, int number)
    {
        var name = new StringBuilder("oo_").Append(number).Append('_');
        foreach (var c in title) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        return name.ToString();
    }
}
