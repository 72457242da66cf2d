using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>
/// What a command tells the CI server it runs on, in that server's own language: output variables, collapsible log groups,
/// error annotations, a summary, tags and statistics. Each server implements what it has; the rest does nothing. Every
/// text passes the secret masker before it is written (service messages, output files and summaries alike).
/// </summary>
internal abstract class CiServer(TextWriter commands)
{
    /// <summary>Where service messages go: stdout, or stderr when stdout carries <c>--json</c>.</summary>
    protected TextWriter Commands { get; } = commands is OutputWriter ? commands : new OutputWriter(commands, "output");

    public abstract CiKind Kind { get; }

    /// <summary>A step output / pipeline variable. Names are kebab-case (<c>any-changed</c>); each server spells them its own way.</summary>
    public virtual void SetOutput(string name, string value) { }

    /// <summary>A collapsible block holding <paramref name="lines"/> (a component's log), with anything in them that the server would read as a command neutralized.</summary>
    public virtual void Group(string title, IEnumerable<string> lines)
    {
        Commands.WriteLine(Terminal.Safe(title));
        foreach (var line in lines) Commands.WriteLine(Terminal.Safe(line));
    }

    public virtual void Error(string message, string? file = null, int line = 0) { }

    /// <summary>Markdown for the job's summary page (GitHub).</summary>
    public virtual void Summary(string markdown) { }

    public virtual void Tag(string tag) { }

    /// <summary>A number the server charts across builds (TeamCity), e.g. a duration in seconds or a count.</summary>
    public virtual void Statistic(string key, double value) { }

    public virtual void BuildNumber(string number) { }

    /// <summary>The <c>matrix</c> output: the shape <c>strategy.matrix</c> takes (GitHub's by default).</summary>
    public virtual string Matrix(IReadOnlyList<string> components) => CiJson.IncludeMatrix(components);

    /// <summary>Appends to a file a server reads after the step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, a dotenv file).</summary>
    protected static void AppendToFile(string path, string text)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.AppendAllText(path, SecretMasker.Mask(text), new UTF8Encoding(false));
    }

    public static CiServer Create(CiKind kind, TextWriter commands, Func<string, string?> environment) => kind switch
    {
        CiKind.GitHub => new GitHubServer(commands, environment("GITHUB_OUTPUT"), environment("GITHUB_STEP_SUMMARY"), environment("GITHUB_WORKSPACE")),
        CiKind.Azure => new AzureServer(commands),
        CiKind.GitLab => new GitLabServer(commands, environment(GitLabServer.DotenvVariable) ?? GitLabServer.DefaultDotenv),
        CiKind.TeamCity => new TeamCityServer(commands),
        _ => new NoServer(commands),
    };
}

/// <summary>No CI server: nothing beyond the normal output.</summary>
internal sealed class NoServer(TextWriter commands) : CiServer(commands)
{
    public override CiKind Kind => CiKind.None;

    public override void Group(string title, IEnumerable<string> lines) { }
}
