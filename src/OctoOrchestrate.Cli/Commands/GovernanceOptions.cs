using OctoOrchestrate.Release;
using System.CommandLine;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>What a governance object is made of; <see cref="DeploymentGovernance"/> and <see cref="TrainGovernance"/> take the same parts.</summary>
internal delegate TGovernance GovernanceFactory<out TGovernance>(
    MonorepoManifest manifest, GovernancePolicy policy, Actor actor, AuditLog audit, string? ciRunUrl, bool allowRegression, Action<string> warn);

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

    public static readonly GovernanceFactory<DeploymentGovernance> Deployments = (m, p, a, l, c, r, w) => new DeploymentGovernance(m, p, a, l, c, r, w);

    public static readonly GovernanceFactory<TrainGovernance> Trains = (m, p, a, l, c, r, w) => new TrainGovernance(m, p, a, l, c, r, w);

    /// <summary>
    /// The run's governance, for every backend: the audit log in the state folder (<c>--state</c>, default beside the manifest — also with
    /// <c>--server</c>, where it sits beside the train store), the regression guard, collisions, the teams-changed warning and notify. Who
    /// may deploy is the manifest's <c>teams:</c> on the embedded server; on Octopus (<paramref name="server"/> not the embedded one) the
    /// server's own permissions rule, and its 401/403 is audited and shown (exit 2). No server (a train vote): the embedded rules.
    /// </summary>
    public static TGovernance For<TGovernance>(
        GovernanceFactory<TGovernance> create, MonorepoManifest manifest, IReleaseServer? server, string? stateDirectory, string? asName, bool allowRegression, TextWriter error)
    {
        var policy = GovernancePolicy.For(manifest);
        var state = server is LocalReleaseServer local ? local.State : StateFolder.For(manifest.Directory, stateDirectory);
        return create(manifest, server is null or LocalReleaseServer ? policy : policy.WithServerPermissions(), Actor.Resolve(asName), AuditLog.For(state),
            CiRunUrl(), allowRegression, warning => error.WriteLine(Terminal.Safe(warning)));
    }

    /// <summary>The plan with its regression verdicts and collisions when governance applies.</summary>
    public static Task<Promote.Plan.TrainPlan> AssessAsync(Promote.Run.TrainRunOptions run, IReleaseServer server, Promote.Plan.TrainPlan plan, CancellationToken cancellationToken) =>
        run.Guard is { } guard ? guard.AssessAsync(server, plan, cancellationToken) : Task.FromResult(plan);
}
