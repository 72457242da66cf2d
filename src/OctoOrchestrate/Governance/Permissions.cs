namespace OctoOrchestrate.Governance;

/// <summary>A deployment or approval outside the actor's teams, or a four-eyes breach. Exit code 2; nothing was deployed.</summary>
public sealed class PermissionRefusedException(string message) : BadInputException(message);

/// <summary>What the acting user may do in one environment, and through which teams.</summary>
public sealed record PermissionSummary(string Environment, Actor Actor, bool TeamsDeclared, IReadOnlyList<string> Teams, bool Deploy, bool Approve, bool Read);

/// <summary>
/// Separation of duties from the manifest's <c>teams:</c>. Without teams everyone may do everything (the behaviour before teams);
/// with them, a deployment needs a team whose <c>deploy</c> covers the environment, an approval one whose <c>approve</c> does.
/// </summary>
public static class Permissions
{
    public static bool MayDeploy(GovernancePolicy policy, Actor actor, string environment) =>
        policy.DeployPermissionsOnServer || !policy.HasTeams || policy.Teams.Any(t => t.HasMember(actor.Name) && TeamDefinition.Covers(t.Deploy, environment));

    public static bool MayApprove(GovernancePolicy policy, Actor actor, string environment) =>
        !policy.HasTeams || policy.Teams.Any(t => t.HasMember(actor.Name) && TeamDefinition.Covers(t.Approve, environment));

    /// <summary>Deploy, approve and approve imply reading; a team with <c>read</c> covering the environment reads only.</summary>
    public static bool MayRead(GovernancePolicy policy, Actor actor, string environment) =>
        !policy.HasTeams || policy.Teams.Any(t => t.HasMember(actor.Name)
            && (TeamDefinition.Covers(t.Read, environment) || TeamDefinition.Covers(t.Deploy, environment) || TeamDefinition.Covers(t.Approve, environment)));

    /// <exception cref="PermissionRefusedException">The actor is in no team that deploys to <paramref name="environment"/>; names who is.</exception>
    public static void CheckDeploy(GovernancePolicy policy, Actor actor, string environment)
    {
        if (!MayDeploy(policy, actor, environment))
            throw new PermissionRefusedException($"{actor} may not deploy to {environment}: {WhoMay(policy, t => t.Deploy, environment, "deploy to")}. Ask one of them, or change 'teams:' in the manifest (a reviewed change).");
    }

    /// <summary>
    /// The check an approval runs (the train's <c>approve PLAN --as NAME --group G</c>): the approver must be in a team that approves
    /// <paramref name="environment"/> (in <paramref name="group"/> when it names a team), and, unless the manifest says
    /// <c>fourEyes: false</c>, must not be the one who requested it.
    /// </summary>
    /// <exception cref="PermissionRefusedException">Says why and who may approve instead.</exception>
    public static void CheckApproval(GovernancePolicy policy, string requester, Actor approver, string? group, string environment)
    {
        if (policy.FourEyes && string.Equals(requester, approver.Name, StringComparison.OrdinalIgnoreCase))
            throw new PermissionRefusedException($"{approver} requested this and may not approve it too (four eyes): {WhoMay(policy, t => t.Approve, environment, "approve", except: requester)}.");
        if (!policy.HasTeams) return;
        if (group is not null)
        {
            var team = policy.Teams.FirstOrDefault(t => string.Equals(t.Name, group, StringComparison.OrdinalIgnoreCase))
                ?? throw new PermissionRefusedException($"--group {group}: no such team in 'teams:' ({string.Join(", ", policy.Teams.Select(t => t.Name))}).");
            if (!team.HasMember(approver.Name))
                throw new PermissionRefusedException($"{approver} is not in team {team.Name} ({string.Join(", ", team.Members)}), whose approval is asked for.");
            if (!TeamDefinition.Covers(team.Approve, environment))
                throw new PermissionRefusedException($"Team {team.Name} does not approve {environment}: {WhoMay(policy, t => t.Approve, environment, "approve")}.");
            return;
        }

        if (!MayApprove(policy, approver, environment))
            throw new PermissionRefusedException($"{approver} may not approve {environment}: {WhoMay(policy, t => t.Approve, environment, "approve", except: requester)}.");
    }

    public static PermissionSummary Summarize(GovernancePolicy policy, Actor actor, string environment) =>
        new(environment, actor, policy.HasTeams, policy.Teams.Where(t => t.HasMember(actor.Name)).Select(t => t.Name).ToList(),
            MayDeploy(policy, actor, environment), MayApprove(policy, actor, environment), MayRead(policy, actor, environment));

    /// <summary>"only team Operations (carol, dave) may deploy to Production", or that no team may.</summary>
    public static string WhoMay(GovernancePolicy policy, Func<TeamDefinition, IReadOnlyList<string>> right, string environment, string verb, string? except = null)
    {
        var teams = policy.Teams.Where(t => TeamDefinition.Covers(right(t), environment)).ToList();
        if (!policy.HasTeams) return $"anyone else may {verb} {environment} (no 'teams:' in the manifest)";
        if (teams.Count == 0) return $"no team may {verb} {environment} (no team lists it under '{verb.Split(' ')[0]}')";
        var described = teams.Select(t => $"team {t.Name} ({string.Join(", ", t.Members.Where(m => except is null || !string.Equals(m, except, StringComparison.OrdinalIgnoreCase)))})");
        return $"only {string.Join(" or ", described)} may {verb} {environment}";
    }
}
