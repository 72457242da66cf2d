using System.CommandLine;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli.Commands;

/// <summary><c>status</c>: which release is current in every environment, per component (Octopus: the dashboard).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var manifest = CommonOptions.Manifest();
        var state = StateOptions.State();
        var json = CommonOptions.Json();
        var servers = new ServerOptions();
        var tenant = TenantOptions.Tenant("Show this tenant's deployments (or every tenant's with '*') instead of the untenanted ones.");
        var command = new Command("status", "Shows the release current in every environment, per component.") { manifest, state, tenant, json };
        foreach (var option in servers.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = StateOptions.LoadManifest(parse.GetValue(manifest));
            // A reading command never creates a state folder: without one, nothing was deployed (a mistyped --state is exit 2).
            await using var server = await servers.OpenExistingAsync(parse, loaded, state).ConfigureAwait(false);
            if (server is null)
                return await NothingDeployedAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), loaded).ConfigureAwait(false);
            var where = server is LocalReleaseServer local ? $"State: {local.State.Root}" : $"Server: {(server as Octopus.OctopusReleaseServer)?.Connection}";
            var lifecycle = await server.GetLifecycleAsync(cancellationToken).ConfigureAwait(false);
            var rows = parse.GetValue(tenant) is { } selection
                ? await TenantStatus.RowsAsync(server, loaded, lifecycle.Environments, selection, cancellationToken).ConfigureAwait(false)
                : Rows(loaded, lifecycle.Environments, await server.GetDashboardAsync(cancellationToken).ConfigureAwait(false));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(new StatusDocument(
                    (server as LocalReleaseServer)?.State.Root, (server as Octopus.OctopusReleaseServer)?.Connection.ToString(),
                    lifecycle.Environments, rows, ServerOptions.Requests(server)))).ConfigureAwait(false);
                await servers.ReportAsync(parse, server, parse.InvocationConfiguration.Error).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var tenants = parse.GetValue(tenant) is not null;
            var table = Tables.Create([.. tenants ? ["Tenant"] : Array.Empty<string>(), "Component", .. lifecycle.Environments]);
            foreach (var row in rows)
            {
                table.AddPlainRow([.. tenants ? [row.Tenant ?? "-"] : Array.Empty<string>(), row.Component, .. lifecycle.Environments.Select(e => row.Environments[e] is not { } cell ? "-"
                    : (cell.Version ?? "-") + (cell.InstallMissing == true ? " (install folder missing)" : "") + (cell.Latest is { } latest ? $" ({latest.Version} {latest.State})" : ""))]);
            }

            Tables.Write(output, table);
            await output.WriteLineAsync(Terminal.Safe(where)).ConfigureAwait(false);
            await servers.ReportAsync(parse, server, parse.InvocationConfiguration.Error).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    static List<StatusRow> Rows(MonorepoManifest manifest, IReadOnlyList<string> environments, IReadOnlyList<DashboardEntry> dashboard) =>
        manifest.Components.Where(c => c.Deployable).Select(c => new StatusRow(
            c.Name,
            environments.ToDictionary(e => e, e => dashboard.FirstOrDefault(d => d.Component == c.Name && d.Environment == e) is { } d ? Cell(d) : null))).ToList();

    internal static StatusCell Cell(DashboardEntry d) => new(
        d.Current?.Version,
        d.Current?.Id,
        d.Current?.CompletedAt,
        d.Current is { } current && current.InstallIsMissing() ? true : null,
        d.Latest.Id == d.Current?.Id ? null : new StatusLatest(d.Latest.Version, d.Latest.Id, d.Latest.State, d.Latest.Reason));

    /// <summary>The same shape as a status with a ledger, every cell empty, so a script reads a fresh checkout like any other.</summary>
    static async Task<int> NothingDeployedAsync(TextWriter output, bool json, MonorepoManifest manifest)
    {
        var stateDirectory = StateFolder.For(manifest.Directory, null).Root;
        await output.WriteLineAsync(json
            ? CliJson.Serialize(new StatusDocument(
                stateDirectory,
                null,
                manifest.Environments,
                manifest.Components.Where(c => c.Deployable)
                    .Select(c => new StatusRow(c.Name, manifest.Environments.ToDictionary(e => e, _ => (StatusCell?)null))).ToList(),
                null))
            : $"Nothing is released or deployed yet: there is no state folder at {stateDirectory}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
