using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>
/// GitHub Actions: step outputs appended to <c>$GITHUB_OUTPUT</c> (heredoc syntax, so multi-line values survive), markdown
/// to <c>$GITHUB_STEP_SUMMARY</c>, and workflow commands (<c>::group::</c>, <c>::error::</c>) on the log.
/// </summary>
internal sealed class GitHubServer(TextWriter commands, string? outputFile, string? summaryFile, string? workspace = null) : CiServer(commands)
{
    public override CiKind Kind => CiKind.GitHub;

    public override void SetOutput(string name, string value)
    {
        // Without GITHUB_OUTPUT (a runner older than 2022) there is no safe way left: the ::set-output command is disabled.
        if (string.IsNullOrEmpty(outputFile)) return;
        AppendToFile(outputFile, OutputEntry(name, value));
    }

    /// <summary><c>name&lt;&lt;DELIMITER\nvalue\nDELIMITER\n</c> with a delimiter that is not a line of the value.</summary>
    public static string OutputEntry(string name, string value)
    {
        string delimiter;
        do delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
        while (value.Contains(delimiter, StringComparison.Ordinal));
        return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
    }

    public override void Summary(string markdown)
    {
        if (!string.IsNullOrEmpty(summaryFile)) AppendToFile(summaryFile, markdown.EndsWith('\n') ? markdown : markdown + "\n");
    }

    public override void Group(string title, IEnumerable<string> lines)
    {
        Commands.WriteLine("::group::" + EscapeData(Terminal.Safe(title)));
        // A log line such as '::add-mask::' or '::set-env' must stay text: stop-commands turns the runner's parsing off
        // until the random token is echoed back.
        var token = Guid.NewGuid().ToString("N");
        Commands.WriteLine($"::stop-commands::{token}");
        foreach (var line in lines) Commands.WriteLine(Terminal.Safe(line));
        Commands.WriteLine($"::{token}::");
        Commands.WriteLine("::endgroup::");
    }

    public override void Error(string message, string? file = null, int line = 0) => Commands.WriteLine(ErrorCommand(message, RelativeToWorkspace(file), line));

    public static string ErrorCommand(string message, string? file, int line)
    {
        var properties = new StringBuilder();
        if (file is not null) properties.Append(" file=").Append(EscapeProperty(file));
        if (file is not null && line > 0) properties.Append(",line=").Append(line);
        return $"::error{properties}::{EscapeData(message)}";
    }

    /// <summary>The runner's escaping of a command's message: <c>%</c>, CR and LF.</summary>
    // Masked before escaping: an escaped secret would no longer match the masker.
    public static string EscapeData(string value) => SecretMasker.Mask(value).Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value also escapes the separators <c>:</c> and <c>,</c>.</summary>
    public static string EscapeProperty(string value) => EscapeData(value)
        .Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    // Annotations attach to a file by its path in the repository.
    string? RelativeToWorkspace(string? file)
    {
        if (file is null || string.IsNullOrEmpty(workspace)) return file;
        var relative = Path.GetRelativePath(workspace, Path.GetFullPath(file));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
    }
}
