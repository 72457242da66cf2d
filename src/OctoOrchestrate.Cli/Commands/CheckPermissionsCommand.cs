using System.CommandLine;
using OctoOrchestrate.Governance;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>check-permissions</c>: what the acting user may do in each environment under the manifest's <c>teams:</c>, and who may otherwise.</summary>
internal static class CheckPermissionsCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var json = CommonOptions.Json();
        var actingAs = GovernanceOptions.As();
        var environment = new Option<string?>("--env") { Description = "Only this environment. Default: every environment." };
        var command = new Command("check-permissions", "Lists what the acting user may do (deploy, approve, read) per environment.") { manifest, environment, actingAs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var policy = GovernancePolicy.For(loaded);
            var actor = Actor.Resolve(parse.GetValue(actingAs));
            var env = parse.GetValue(environment);
            var environments = env is null ? loaded.Environments
                : [loaded.Environments.FirstOrDefault(e => string.Equals(e, env, StringComparison.OrdinalIgnoreCase))
                    ?? throw new BadInputException($"--env {env}: not in 'environments:' ({string.Join(", ", loaded.Environments)}).")];
            var rows = environments.Select(e => new
            {
                summary = Permissions.Summarize(policy, actor, e),
                whoMayDeploy = Permissions.WhoMay(policy, t => t.Deploy, e, "deploy to"),
                whoMayApprove = Permissions.WhoMay(policy, t => t.Approve, e, "approve"),
            }).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(new PermissionsDocument(
                    actor.Name, actor.Source, policy.HasTeams, policy.FourEyes,
                    rows.Select(r => new EnvironmentPermissions(
                        r.summary.Environment, r.summary.Teams, r.summary.Deploy, r.summary.Approve, r.summary.Read, r.whoMayDeploy, r.whoMayApprove)).ToList()))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync(Terminal.Safe($"Acting as {actor}" + (policy.HasTeams ? "" : "; the manifest declares no 'teams:', so everyone may do everything"))).ConfigureAwait(false);
            var table = Tables.Create("Environment", "Your teams", "Deploy", "Approve", "Read", "Who may deploy", "Who may approve");
            foreach (var r in rows)
            {
                table.AddPlainRow(r.summary.Environment, r.summary.Teams.Count == 0 ? "-" : string.Join(", ", r.summary.Teams), YesNo(r.summary.Deploy), YesNo(r.summary.Approve),
                    YesNo(r.summary.Read), r.whoMayDeploy, r.whoMayApprove);
            }

            Tables.Write(output, table);
            return ExitCodes.Success;
        });
        return command;
    }

    static string YesNo(bool value) => value ? "yes" : "no";
}
