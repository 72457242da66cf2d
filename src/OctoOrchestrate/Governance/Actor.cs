namespace OctoOrchestrate.Governance;

/// <summary>Who is acting, and where the name came from (shown with every refusal and audit record, so a wrong source is visible).</summary>
public sealed record Actor(string Name, string Source)
{
    // In order: what the person said, what the job set, then each CI server's triggering user. TeamCity does not export
    // teamcity.build.triggeredBy.username by default: map it to env.TEAMCITY_BUILD_TRIGGEREDBY_USERNAME (or to OO_USER).
    static readonly string[] Variables = ["OO_USER", "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN", "TEAMCITY_BUILD_TRIGGEREDBY_USERNAME"];

    public override string ToString() => $"{Name} (from {Source})";

    /// <summary>The acting user: <paramref name="asName"/> (--as), else the first variable set, else the operating system's user.</summary>
    public static Actor Resolve(string? asName, Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (asName is not null) return new(Checked(asName, "--as"), "--as");
        foreach (var name in Variables)
        {
            if (variable(name) is { } value && !string.IsNullOrWhiteSpace(value)) return new(Checked(value, name), name);
        }

        return new(Checked(Environment.UserName, "the operating system user"), "the operating system user");
    }

    static string Checked(string name, string source)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 200 || trimmed.Any(char.IsControl))
            throw new BadInputException($"{source}: '{name}' is not a user name (empty, longer than 200 characters or holding control characters). Pass a plain login, e.g. --as alice.");
        return trimmed;
    }
}
