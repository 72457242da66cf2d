using System.CommandLine;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>
/// <c>promote --to ENV</c>: a release-train promotion (plan, approvals, waves, snapshot; see <see cref="TrainCommand"/>).
/// <c>promote --from A --to B</c> with none of the train flags keeps the ci step: tests what is current in A, deploys what passed to B.
/// </summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var from = new Option<string?>("--from") { Description = "Source environment. Default: the lifecycle phase before --to." };
        var to = new Option<string?>("--to") { Description = "Environment to promote to, e.g. Staging." };
        var components = StateOptions.Components();
        var force = StateOptions.Force();
        var timeout = StateOptions.TimeoutSeconds();
        var train = new TrainArguments();
        var allowRegression = train.AllowRegression; // one --allow-regression for both modes of promote
        var actingAs = train.As; // one --as: who asks for the train is who is checked against teams: and audited
        var whatIf = new Option<bool>("--what-if") { Description = "Print the plan and the release notes; deploy nothing, store nothing." };
        var resume = new Option<string?>("--resume") { Description = "Run (or continue) a stored plan by its id: exactly what it planned, nothing that succeeded twice." };
        var at = new Option<string?>("--at") { Description = "Run the train at this time (2026-12-02T19:00+01:00): stored, resumed by 'promote --resume ID' after it, or waited for with --wait." };
        var tenant = TenantOptions.Tenant(TenantOptions.PromoteDescription);
        var command = new Command("promote", "Promotes the release train to an environment: what was last deployed successfully to the one before it, only what changed, in order.")
        {
            manifest, state, from, to, components, force, timeout, whatIf, resume, at, allowRegression, tenant, json,
        };
        var servers = new ServerOptions();
        foreach (var option in servers.All) command.Options.Add(option);
        foreach (var option in train.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tested = parse.GetValue(from) is not null && !train.AnyGiven(parse) && !parse.GetValue(whatIf) && parse.GetValue(resume) is null && parse.GetValue(at) is null;
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            var destination = parse.GetValue(to);
            if (parse.GetValue(resume) is null && destination is null) throw new BadInputException("promote: give --to ENV (or --resume PLAN-ID). Run 'octo-orchestrate promote --help' for usage.");
            if (tested && loaded.ApprovalsFor(destination!).Count == 0)
                return await TestedPromotionAsync(parse, servers, actingAs, allowRegression, loaded, state, parse.GetValue(from)!, destination!, components, force, timeout, parse.GetValue(tenant), json, cancellationToken).ConfigureAwait(false);
            if (parse.GetResult(components) is { Implicit: false } || parse.GetValue(force))
                throw new BadInputException("--component and --force belong to 'promote --from A --to B' (test, then promote). For a train promotion use --only/--skip and --when always.");
            var seconds = parse.GetValue(train.WaitTimeout) ?? parse.GetValue(timeout);
            return await TrainCommand.RunAsync(parse, loaded, servers, state, train, destination, parse.GetValue(from), parse.GetValue(whatIf),
                parse.GetValue(resume), parse.GetValue(at), seconds, parse.GetValue(json), cancellationToken, parse.GetValue(tenant)).ConfigureAwait(false);
        });
        return command;
    }

    static async Task<int> TestedPromotionAsync(
        ParseResult parse, ServerOptions servers, Option<string?> actingAs, Option<bool> allowRegression, Manifest.MonorepoManifest loaded, Option<string?> state, string source, string to, Option<string[]> components, Option<bool> force,
        Option<int?> timeout, string? tenant, Option<bool> json, CancellationToken cancellationToken)
    {
        await using var server = await servers.OpenAsync(parse, loaded, state, ServerOptions.Relay.ToLines(parse.InvocationConfiguration.Error)).ConfigureAwait(false);
        var dashboard = await server.GetDashboardAsync(cancellationToken).ConfigureAwait(false);
        var names = parse.GetValue(components) is { Length: > 0 } given ? given
            : dashboard.Where(d => d.Current is not null && string.Equals(d.Environment, source, StringComparison.OrdinalIgnoreCase)).Select(d => d.Component).ToArray();
        var guard = GovernanceOptions.For(GovernanceOptions.Deployments, loaded, server, parse.GetValue(state), parse.GetValue(actingAs), parse.GetValue(allowRegression), parse.InvocationConfiguration.Error);
        await guard.CheckMayDeployAsync(to, names.Select(n => (n, (string?)null, (string?)null)).ToList()).ConfigureAwait(false);
        var progress = new StderrProgress(parse.InvocationConfiguration.Error);
        var verified = await VerifyStage.VerifyAsync(server, loaded, source, names, new VerifyOptions(Timeout: DeployCommand.Timeout(parse.GetValue(timeout))) { Progress = progress }, cancellationToken).ConfigureAwait(false);
        var options = parse.GetValue(force) ? DeployOptions.Forced(DeployCommand.Timeout(parse.GetValue(timeout))) : new DeployOptions(Timeout: DeployCommand.Timeout(parse.GetValue(timeout)));
        var promoted = await PromoteStage.PromoteAsync(server, loaded, verified, source, to, options with { Guard = guard, Progress = progress }, tenant, cancellationToken).ConfigureAwait(false);
        await servers.ReportAsync(parse, server, parse.InvocationConfiguration.Error).ConfigureAwait(false);
        return await StageOutput.WriteAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), verified, promoted).ConfigureAwait(false);
    }
}
