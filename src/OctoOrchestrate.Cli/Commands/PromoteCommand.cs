using System.CommandLine;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Local;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Verify;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>promote --from Dev --to Test</c>: runs the tests in the source environment, then deploys what passed to the target.</summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var from = new Option<string>("--from") { Description = "Environment whose current releases are promoted, e.g. Dev.", Required = true };
        var to = new Option<string>("--to") { Description = "Environment to promote to, e.g. Test.", Required = true };
        var components = StateOptions.Components();
        var force = StateOptions.Force();
        var timeout = StateOptions.TimeoutSeconds();
        var actingAs = GovernanceOptions.As();
        var allowRegression = GovernanceOptions.AllowRegression();
        var command = new Command("promote", "Tests the releases current in one environment and deploys those that pass to the next.")
        {
            manifest, state, from, to, components, force, timeout, actingAs, allowRegression, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            await using var server = LocalReleaseServer.Open(loaded, parse.GetValue(state));
            var source = parse.GetValue(from)!;
            var dashboard = await server.GetDashboardAsync(cancellationToken).ConfigureAwait(false);
            var names = parse.GetValue(components) is { Length: > 0 } given ? given
                : dashboard.Where(d => d.Current is not null && string.Equals(d.Environment, source, StringComparison.OrdinalIgnoreCase)).Select(d => d.Component).ToArray();
            var guard = GovernanceOptions.Guard(loaded, server.State, parse.GetValue(actingAs), parse.GetValue(allowRegression), parse.InvocationConfiguration.Error);
            await guard.CheckMayDeployAsync(parse.GetValue(to)!, names.Select(n => (n, (string?)null, (string?)null)).ToList()).ConfigureAwait(false);
            var verified = await VerifyStage.VerifyAsync(server, loaded, source, names, new VerifyOptions(Timeout: DeployCommand.Timeout(parse.GetValue(timeout))), cancellationToken).ConfigureAwait(false);
            var options = (parse.GetValue(force) ? DeployOptions.Forced(DeployCommand.Timeout(parse.GetValue(timeout))) : new DeployOptions(Timeout: DeployCommand.Timeout(parse.GetValue(timeout))))
                with { Guard = guard };
            var promoted = await PromoteStage.PromoteAsync(server, loaded, verified, source, parse.GetValue(to)!, options, cancellationToken).ConfigureAwait(false);
            return await StageOutput.WriteAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), verified, promoted).ConfigureAwait(false);
        });
        return command;
    }
}
