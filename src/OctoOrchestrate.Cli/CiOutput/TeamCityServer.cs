using System.Globalization;
using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>TeamCity service messages: <c>##teamcity[name attribute='value']</c>, every value escaped as TeamCity requires.</summary>
internal sealed class TeamCityServer(TextWriter commands) : CiServer(commands)
{
    public override CiKind Kind => CiKind.TeamCity;

    /// <summary>A configuration parameter <c>octo.&lt;name&gt;</c>, readable by later steps and dependent builds.</summary>
    public override void SetOutput(string name, string value) => Commands.WriteLine(Message("setParameter", ("name", "octo." + name), ("value", value)));

    public override void Group(string title, IEnumerable<string> lines)
    {
        var name = Terminal.Safe(title);
        Commands.WriteLine(Message("blockOpened", ("name", name)));
        // A log line that looks like a service message must stay text.
        Commands.WriteLine("##teamcity[disableServiceMessages]");
        foreach (var line in lines) Commands.WriteLine(Terminal.Safe(line));
        Commands.WriteLine("##teamcity[enableServiceMessages]");
        Commands.WriteLine(Message("blockClosed", ("name", name)));
    }

    public override void Error(string message, string? file = null, int line = 0)
    {
        var where = file is null ? "" : line > 0 ? $"{file}({line}): " : $"{file}: ";
        // TeamCity keeps a problem's description up to 4000 characters.
        var description = where + message;
        if (description.Length > 4000) description = description[..3997] + "...";
        Commands.WriteLine(Message("buildProblem", ("description", description)));
    }

    public override void Statistic(string key, double value) =>
        Commands.WriteLine(Message("buildStatisticValue", ("key", key), ("value", value.ToString("0.###", CultureInfo.InvariantCulture))));

    public override void BuildNumber(string number) => Commands.WriteLine($"##teamcity[buildNumber '{Escape(number)}']");

    public static string Message(string name, params (string Name, string Value)[] attributes)
    {
        var message = new StringBuilder("##teamcity[").Append(name);
        foreach (var (attribute, value) in attributes) message.Append(' ').Append(attribute).Append("='").Append(Escape(value)).Append('\'');
        return message.Append(']').ToString();
    }

    /// <summary>
    /// TeamCity's escaping: <c>|</c> <c>'</c> <c>[</c> <c>]</c> CR LF with a <c>|</c>, NEL/LS/PS as <c>|x</c>/<c>|l</c>/<c>|p</c>,
    /// and any other character outside printable ASCII as <c>|0xNNNN</c> (so no byte of a value can end the message).
    /// </summary>
    public static string Escape(string value)
    {
        // Masked before escaping: an escaped secret would no longer match the masker.
        value = SecretMasker.Mask(value);
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '|' => "||",
                '\'' => "|'",
                '[' => "|[",
                ']' => "|]",
                '\n' => "|n",
                '\r' => "|r",
                '\u0085' => "|x",
                '\u2028' => "|l",
                '\u2029' => "|p",
                < ' ' or > '~' => "|0x" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
