using System.CommandLine;

namespace OctoOrchestrate.Cli.CiOutput;

/// <summary><c>--ci auto|github|azure|gitlab|teamcity|none</c>: which CI server's language to speak; auto reads the server's own variables.</summary>
internal static class CiOption
{
    static readonly string[] Values = ["auto", "github", "azure", "gitlab", "teamcity", "none"];

    public static Option<string> Create()
    {
        var option = new Option<string>("--ci")
        {
            Description = "Speak the CI server's language (outputs, log groups, annotations, summary): auto (by GITHUB_ACTIONS, TF_BUILD, GITLAB_CI, TEAMCITY_VERSION), github, azure, gitlab, teamcity or none.",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong(Values);
        return option;
    }

    public static CiKind Resolve(string? value, Func<string, string?> environment) => value switch
    {
        "github" => CiKind.GitHub,
        "azure" => CiKind.Azure,
        "gitlab" => CiKind.GitLab,
        "teamcity" => CiKind.TeamCity,
        "none" => CiKind.None,
        _ => CiDetection.Detect(environment),
    };

    /// <summary>The server for a command: its service messages go to stdout, or to stderr when stdout carries JSON.</summary>
    public static CiServer Server(string? value, bool json, TextWriter output, TextWriter error) =>
        CiServer.Create(Resolve(value, Environment.GetEnvironmentVariable), json ? error : output, Environment.GetEnvironmentVariable);

    /// <summary>The <c>--ci</c> value read from the raw arguments, for an error reported before (or without) a parse result.</summary>
    public static string? FromArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--") return null;
            if (args[i] == "--ci" && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith("--ci=", StringComparison.Ordinal) || args[i].StartsWith("--ci:", StringComparison.Ordinal)) return args[i][5..];
        }

        return null;
    }
}
