using System.CommandLine;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Octopus;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>
/// <c>check-permissions</c>: what the acting user may do in each environment under the manifest's <c>teams:</c>, and who may otherwise.
/// With <c>--server</c> (Octopus) deployments are Octopus's to allow: it shows the API key's user and where Octopus lets it deploy each
/// component's newest release now; the manifest's teams still rule the votes on train plans (<c>approve</c>).
/// </summary>
internal static class CheckPermissionsCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var json = CommonOptions.Json();
        var actingAs = GovernanceOptions.As();
        var state = StateOptions.State();
        var environment = new Option<string?>("--env") { Description = "Only this environment. Default: every environment." };
        var command = new Command("check-permissions", "Lists what the acting user may do (deploy, approve, read) per environment; with --server, what Octopus lets the API key do.")
        {
            manifest, state, environment, actingAs, json,
        };
        var servers = new ServerOptions();
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var policy = GovernancePolicy.For(loaded);
            var actor = Actor.Resolve(parse.GetValue(actingAs));
            var env = parse.GetValue(environment);
            var environments = env is null ? loaded.Environments
                : [loaded.Environments.FirstOrDefault(e => string.Equals(e, env, StringComparison.OrdinalIgnoreCase))
                    ?? throw new BadInputException($"--env {env}: not in 'environments:' ({string.Join(", ", loaded.Environments)}).")];
            var octopus = servers.Configured(parse, loaded) ? await AskOctopusAsync(parse, servers, state, loaded, environments, cancellationToken).ConfigureAwait(false) : null;
            var rows = environments.Select(e => new
            {
                summary = Permissions.Summarize(policy, actor, e),
                deploy = octopus is null ? Permissions.MayDeploy(policy, actor, e) : octopus.Releases.Any(r => r.Environment == e && r.MayDeployNow),
                whoMayDeploy = octopus is null ? Permissions.WhoMay(policy, t => t.Deploy, e, "deploy to")
                    : $"Octopus decides (the teams and roles of {octopus.Username}, the API key's user)",
                whoMayApprove = Permissions.WhoMay(policy, t => t.Approve, e, "approve"),
            }).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(new PermissionsDocument(
                    actor.Name, actor.Source, policy.HasTeams, policy.FourEyes,
                    rows.Select(r => new EnvironmentPermissions(
                        r.summary.Environment, r.summary.Teams, r.deploy, r.summary.Approve, r.summary.Read, r.whoMayDeploy, r.whoMayApprove)).ToList(), octopus))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync(Terminal.Safe($"Acting as {actor}" + (policy.HasTeams ? "" : "; the manifest declares no 'teams:', so everyone may do everything the server allows"))).ConfigureAwait(false);
            if (octopus is not null)
            {
                await output.WriteLineAsync(Terminal.Safe(
                    $"Octopus at {octopus.Server}: the API key belongs to {octopus.Username}{(octopus.DisplayName is { } name ? $" ({name})" : "")}, {octopus.UserId}. " +
                    "Octopus's own teams and roles decide who deploys and answers manual interventions; 'teams:' rules the votes on train plans (approve).")).ConfigureAwait(false);
                var releases = Tables.Create("Environment", "Component", "Newest release", "Octopus lets the key deploy it there now");
                foreach (var r in octopus.Releases) releases.AddPlainRow(r.Environment, r.Component, r.Version, YesNo(r.MayDeployNow));
                Tables.Write(output, releases);
            }

            var table = Tables.Create("Environment", "Your teams", "Deploy", "Approve", "Read", "Who may deploy", "Who may approve");
            foreach (var r in rows)
            {
                table.AddPlainRow(r.summary.Environment, r.summary.Teams.Count == 0 ? "-" : string.Join(", ", r.summary.Teams), YesNo(r.deploy), YesNo(r.summary.Approve),
                    YesNo(r.summary.Read), r.whoMayDeploy, r.whoMayApprove);
            }

            Tables.Write(output, table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The key's user (<c>users/me</c>) and, for each component's newest release, whether Octopus offers each environment now (its deployment
    /// template: lifecycle progress and permissions together). Octopus's API reference has no route listing a user's permissions as such.
    /// </summary>
    static async Task<OctopusPermissions> AskOctopusAsync(
        ParseResult parse, ServerOptions servers, Option<string?> state, MonorepoManifest manifest, IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        await using var opened = await servers.OpenAsync(parse, manifest, state).ConfigureAwait(false);
        if (opened is not OctopusReleaseServer octopus) throw new InvalidOperationException("--server opened a server that is not Octopus.");
        var user = await octopus.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var releases = new List<OctopusDeployable>();
        foreach (var component in manifest.Components.Where(c => c.Deployable))
        {
            if ((await octopus.ListReleasesAsync(component.Name, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is not { } newest) continue;
            var offered = await octopus.GetDeployableEnvironmentsAsync(newest, cancellationToken).ConfigureAwait(false);
            releases.AddRange(environments.Select(e => new OctopusDeployable(e, component.Name, newest.Version, offered.Contains(e, StringComparer.OrdinalIgnoreCase))));
        }

        return new OctopusPermissions(octopus.Connection.ServerUrl.ToString().TrimEnd('/'), user.Id, user.Username, user.DisplayName,
            releases.OrderBy(r => manifest.Environments.ToList().IndexOf(r.Environment)).ThenBy(r => r.Component, StringComparer.Ordinal).ToList());
    }

    static string YesNo(bool value) => value ? "yes" : "no";
}
