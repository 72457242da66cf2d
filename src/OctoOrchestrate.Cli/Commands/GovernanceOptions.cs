using OctoOrchestrate.Release;
using System.CommandLine;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>--as</c>, <c>--allow-regression</c> and the governance guard every deploying command puts around its stages.</summary>
internal static class GovernanceOptions
{
    public static Option<string?> As() => new("--as")
    {
        Description = "Who is acting (checked against 'teams:' and written to the audit log). Default: OO_USER, else the CI server's user " +
            "(GITHUB_ACTOR, BUILD_REQUESTEDFOR, GITLAB_USER_LOGIN, TEAMCITY_BUILD_TRIGGEREDBY_USERNAME), else the OS user.",
    };

    public static Option<bool> AllowRegression() => new("--allow-regression")
    {
        Description = "Deploy even when it would undo commits of what is current in the environment (recorded in the audit log).",
    };

    public static string? CiRunUrl() => CiEnvironment.Detect(Environment.GetEnvironmentVariable).BuildUrl;

    public static DeploymentGovernance Guard(MonorepoManifest manifest, StateFolder state, string? asName, bool allowRegression, TextWriter error) =>
        new(manifest, GovernancePolicy.For(manifest), Actor.Resolve(asName), AuditLog.For(state), CiRunUrl(), allowRegression,
            warning => error.WriteLine(Terminal.Safe(warning)));

    /// <summary>
    /// The guard for the embedded server, whose state folder holds the audit log; null for Octopus, where the server's own
    /// permissions rule (its refusals are shown as they are).
    /// </summary>
    public static DeploymentGovernance? GuardFor(MonorepoManifest manifest, IReleaseServer server, string? asName, bool allowRegression, TextWriter error) =>
        server is LocalReleaseServer local ? Guard(manifest, local.State, asName, allowRegression, error) : null;
}
