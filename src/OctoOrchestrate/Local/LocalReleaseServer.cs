using System.Collections.Concurrent;
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
    /// <exception cref="BadInputException">The state folder is a file, under /proc, or cannot be created or written.</exception>
    /// <exception cref="OctoOrchestrateException">Exit 5: the ledger is corrupt, lost (empty beside packages), locked past the wait or not writable.</exception>
    public static LocalReleaseServer Open(MonorepoManifest manifest, string? stateDirectory = null) => Open(manifest, stateDirectory, busyTimeout: null);

    /// <summary>For reading commands: the server of an existing state folder, or null when there is none yet. Never creates a state folder.</summary>
    /// <exception cref="BadInputException"><paramref name="stateDirectory"/> was given but does not exist (a typo must not look like "nothing deployed").</exception>
    public static LocalReleaseServer? OpenExisting(MonorepoManifest manifest, string? stateDirectory = null)
    {
        var state = StateFolder.For(manifest.Directory, stateDirectory);
        if (!StateFolderCheck.Exists(state, stateDirectory is not null))
        {
            return stateDirectory is null ? null
                : throw new BadInputException($"--state '{state.Root}' does not exist, so nothing was released or deployed with it. Check the path (reading commands never create a state folder).");
        }

        return File.Exists(state.LedgerPath) || LedgerTrust.WhatTheStateFolderHolds(state).Count > 0 ? Open(manifest, stateDirectory) : null;
    }

    /// <param name="busyTimeout">How long one ledger call waits for another process's lock (default 30 s); tests shorten it.</param>
    internal static LocalReleaseServer Open(MonorepoManifest manifest, string? stateDirectory, TimeSpan? busyTimeout)
    {
        var state = StateFolder.For(manifest.Directory, stateDirectory);
        StateFolderCheck.EnsureWritable(state, stateDirectory is not null);
        var server = new LocalReleaseServer(manifest, state, Ledger.Open(state, busyTimeout));
        if (server.ledger.Read(server.HasAbandoned)) server.ledger.Write(server.RecoverAbandoned);
        StaleTemporaryFiles.Remove(state.PackagesDirectory);
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
