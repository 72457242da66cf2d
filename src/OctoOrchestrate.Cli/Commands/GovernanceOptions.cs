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

    /// <summary>Governance of the release train's votes, runs and rollbacks as the acting user (<c>--as</c>, else OO_USER, CI, OS user).</summary>
    public static TrainGovernance Train(MonorepoManifest manifest, StateFolder state, string? asName, bool allowRegression, TextWriter error) =>
        new(manifest, GovernancePolicy.For(manifest), Actor.Resolve(asName), AuditLog.For(state), CiRunUrl(), allowRegression,
            warning => error.WriteLine(Terminal.Safe(warning)));

    /// <summary>The train's governance on the embedded server; null for Octopus, where the server's own permissions rule.</summary>
    public static TrainGovernance? TrainGuardFor(MonorepoManifest manifest, IReleaseServer server, string? asName, bool allowRegression, TextWriter error) =>
        server is LocalReleaseServer local ? Train(manifest, local.State, asName, allowRegression, error) : null;

    /// <summary>The plan with its regression verdicts and collisions when governance applies.</summary>
    public static Task<Promote.Plan.TrainPlan> AssessAsync(Promote.Run.TrainRunOptions run, IReleaseServer server, Promote.Plan.TrainPlan plan, CancellationToken cancellationToken) =>
        run.Guard is { } guard ? guard.AssessAsync(server, plan, cancellationToken) : Task.FromResult(plan);

    /// <summary>
    /// The guard for the embedded server, whose state folder holds the audit log; null for Octopus, where the server's own
    /// permissions rule (its refusals are shown as they are).
    /// </summary>
    public static DeploymentGovernance? GuardFor(MonorepoManifest manifest, IReleaseServer server, string? asName, bool allowRegression, TextWriter error) =>
        server is LocalReleaseServer local ? Guard(manifest, local.State, asName, allowRegression, error) : null;
}
