using System.CommandLine;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>deploy --to ENV</c>: deploys the newest release (or the one matching --version) of each component, in waves.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var to = new Option<string>("--to") { Description = "Environment to deploy to, e.g. Dev.", Required = true };
        var version = new Option<string?>("--version") { Description = "Release version or wildcard (2026.4.0.*). Default: the newest release." };
        var components = StateOptions.Components();
        var force = StateOptions.Force();
        var timeout = StateOptions.TimeoutSeconds();
        var servers = new ServerOptions();
        var actingAs = GovernanceOptions.As();
        var allowRegression = GovernanceOptions.AllowRegression();
        var tenant = TenantOptions.Tenant(TenantOptions.DeployDescription);
        var command = new Command("deploy", "Deploys releases to an environment, in dependency waves.") { manifest, state, to, version, components, force, timeout, actingAs, allowRegression, tenant, json };
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            await using var server = await servers.OpenAsync(parse, loaded, state, ServerOptions.Relay.ToLines(parse.InvocationConfiguration.Error)).ConfigureAwait(false);
            var names = parse.GetValue(components) is { Length: > 0 } given ? given : loaded.Components.Where(c => c.Deployable).Select(c => c.Name).ToArray();
            var releases = new List<ReleaseInfo>();
            foreach (var name in names)
            {
                loaded.Component(name);
                if (await server.FindReleaseAsync(name, parse.GetValue(version) ?? "*", cancellationToken: cancellationToken).ConfigureAwait(false) is { } release)
                    releases.Add(release);
                else if (parse.GetValue(components) is { Length: > 0 })
                    throw new BadInputException($"--component {name}: no release{(parse.GetValue(version) is { } v ? $" matching {v}" : "")} exists. Create one first (the ci pipeline does).");
            }

            if (releases.Count == 0 && parse.GetValue(version) is { } pattern)
                throw new BadInputException($"--version {pattern}: no release of {string.Join(", ", names)} matches it. Check the version ('octo-orchestrate status' lists what is deployed).");
            var options = (parse.GetValue(force) ? DeployOptions.Forced(Timeout(parse.GetValue(timeout))) : new DeployOptions(Timeout: Timeout(parse.GetValue(timeout))))
                with { Guard = GovernanceOptions.For(GovernanceOptions.Deployments, loaded, server, parse.GetValue(state), parse.GetValue(actingAs), parse.GetValue(allowRegression), parse.InvocationConfiguration.Error),
                    Progress = new StderrProgress(parse.InvocationConfiguration.Error) };
            var result = await TenantDeployStage.DeployAsync(server, loaded, releases, parse.GetValue(to)!, parse.GetValue(tenant), options, cancellationToken).ConfigureAwait(false);
            await servers.ReportAsync(parse, server, parse.InvocationConfiguration.Error).ConfigureAwait(false);
            return await StageOutput.WriteAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), result).ConfigureAwait(false);
        });
        return command;
    }

    internal static TimeSpan? Timeout(int? seconds) => seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : null;
}
