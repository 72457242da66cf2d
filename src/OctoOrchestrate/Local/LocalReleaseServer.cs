using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

/// <summary>
/// The embedded release server: releases, deployments and approvals in one SQLite ledger in the state folder, deployments run on this
/// machine by the component's <c>deploy</c> command. Several processes may share a state folder; one deployment per component and
/// environment runs at a time (a lease row); work left behind by a killed process is marked Failed the next time anyone looks.
/// </summary>
public sealed partial class LocalReleaseServer : IReleaseServer
{
    readonly Ledger ledger;
    readonly ConcurrentDictionary<long, RunningDeployment> running = new();

    LocalReleaseServer(MonorepoManifest manifest, StateFolder state, Ledger ledger)
    {
        Manifest = manifest;
        State = state;
        this.ledger = ledger;
    }

    public MonorepoManifest Manifest { get; }

    public StateFolder State { get; }

    /// <summary>Opens (creating and migrating if needed) the ledger of <paramref name="stateDirectory"/>, default <c>.octo-orchestrate/</c> beside the manifest.</summary>
    public static LocalReleaseServer Open(MonorepoManifest manifest, string? stateDirectory = null)
    {
        var state = StateFolder.For(manifest.Directory, stateDirectory);
        Ledger ledger;
        try
        {
            ledger = Ledger.Open(state.LedgerPath);
        }
        catch (SqliteException ex)
        {
            throw new OctoOrchestrateException($"Cannot open the ledger '{state.LedgerPath}': {ex.Message}. Check the --state folder is writable.", ExitCodes.ReleaseServerFailed, ex);
        }

        var server = new LocalReleaseServer(manifest, state, ledger);
        server.ledger.Write(RecoverAbandoned);
        return server;
    }

    public Task<Lifecycle> GetLifecycleAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new Lifecycle("Default", Manifest.Environments.Select(e => new LifecyclePhase(e, [e])).ToList()));

    /// <summary>Cancels deployments this process still runs and waits until each has recorded how it ended.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var deployment in running.Values) await deployment.Cancel.CancelAsync().ConfigureAwait(false);
        foreach (var deployment in running.Values)
        {
            try { await deployment.Completion.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    static long ParseId(string id, string prefix) =>
        id.StartsWith(prefix + "-", StringComparison.Ordinal) && long.TryParse(id.AsSpan(prefix.Length + 1), out var value) ? value
        : throw new BadInputException($"'{id}' is not a {prefix} id of this ledger (expected '{prefix}-<number>').");

    sealed record RunningDeployment(Task Completion, CancellationTokenSource Cancel);
}
