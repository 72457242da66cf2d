namespace OctoOrchestrate.Cli.CiOutput;

/// <summary>The CI servers whose own output language the CLI speaks (<c>--ci</c>).</summary>
public enum CiKind
{
    None,
    GitHub,
    Azure,
    GitLab,
    TeamCity,
}

internal static class CiDetection
{
    /// <summary>The server a run is on, from the variable each one sets in every job; None when there is none.</summary>
    public static CiKind Detect(Func<string, string?> environment) =>
        IsSet(environment("GITHUB_ACTIONS")) ? CiKind.GitHub
        : IsSet(environment("TF_BUILD")) ? CiKind.Azure
        : IsSet(environment("GITLAB_CI")) ? CiKind.GitLab
        : !string.IsNullOrEmpty(environment("TEAMCITY_VERSION")) ? CiKind.TeamCity
        : CiKind.None;

    static bool IsSet(string? value) => value is { Length: > 0 } && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
