using System.Collections.Concurrent;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>
/// The release server port on Octopus Deploy: each deployable component is the Octopus project its <c>project</c> key names, the
/// lifecycle comes from the projects, releases are created with the executions API after their package and build information are
/// uploaded, deployments run on the server and are waited for with one batched task poll. docs/octopus-mapping.md maps every call.
/// </summary>
public sealed partial class OctopusReleaseServer : IReleaseServer
{
    readonly MonorepoManifest manifest;
    readonly OctopusConnection connection;
    readonly OctopusOptions options;
    readonly OctopusHttp http;
    readonly OctopusClient client;
    readonly SemaphoreSlim resolveGate = new(1, 1);
    readonly ConcurrentDictionary<string, Task<List<ReleaseInfo>>> releases = new();
    Resolved? resolved;

    OctopusReleaseServer(MonorepoManifest manifest, OctopusConnection connection, OctopusOptions options, HttpMessageHandler? handler)
    {
        this.manifest = manifest;
        this.connection = connection;
        this.options = options;
        http = new OctopusHttp(connection, options, handler);
        client = new OctopusClient(http);
    }

    /// <summary>Nothing is sent until the first call; that call resolves the space, the projects, their channels, the lifecycle and the environments.</summary>
    public static OctopusReleaseServer Open(MonorepoManifest manifest, OctopusConnection connection, OctopusOptions? options = null, HttpMessageHandler? handler = null) =>
        new(manifest, connection, options ?? new OctopusOptions(), handler);

    public OctopusConnection Connection => connection;

    /// <summary>HTTP requests sent so far (retries included) per route, e.g. "GET /api/{space}/projects".</summary>
    public IReadOnlyDictionary<string, int> RequestCounts => http.Counts;

    public int RequestCount => http.Counts.Values.Sum();

    public async Task<Lifecycle> GetLifecycleAsync(CancellationToken cancellationToken = default) =>
        (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Lifecycle;

    /// <summary>The component's test command gets OO_SERVER, OO_PROJECT and OO_SPACE: there is no install folder on this machine.</summary>
    public IReadOnlyDictionary<string, string> TestVariables(string component) => resolved?.Projects.GetValueOrDefault(component) is { } project
        ? new Dictionary<string, string> { ["OO_SERVER"] = connection.ServerUrl.ToString().TrimEnd('/'), ["OO_PROJECT"] = project.Name, ["OO_SPACE"] = resolved.Space.Name }
        : new Dictionary<string, string>();

    public async ValueTask DisposeAsync()
    {
        await StopPollingAsync().ConfigureAwait(false);
        http.Dispose();
        resolveGate.Dispose();
    }

    /// <summary>Space, projects (exact names), channels, lifecycle and environments, once per run; anything missing is bad input before anything is created.</summary>
    async Task<Resolved> ResolveAsync(CancellationToken cancellationToken)
    {
        if (resolved is { } known) return known;
        await resolveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (resolved is { } done) return done;
            var (server, board) = await OctopusResolver.ResolveAsync(client, manifest, connection, cancellationToken).ConfigureAwait(false);
            PrimeDashboard(board);
            return resolved = server;
        }
        finally
        {
            resolveGate.Release();
        }
    }

    ComponentDefinition Deployable(string component)
    {
        var definition = manifest.Component(component);
        return definition.Deployable ? definition
            : throw new BadInputException($"Component '{component}' is 'deployable: false' in {manifest.FilePath}, so it has no Octopus project and is never released.");
    }
}

/// <summary>What a run resolves once: ids by name, and the lifecycle as the port describes it.</summary>
internal sealed record Resolved(
    SpaceResource Space,
    IReadOnlyDictionary<string, ProjectResource> Projects,
    IReadOnlyDictionary<string, List<ChannelResource>> Channels,
    IReadOnlyList<EnvironmentResource> Environments,
    Lifecycle Lifecycle)
{
    public string EnvironmentId(string name) =>
        Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))?.Id
        ?? throw new BadInputException($"Environment '{name}' is not in the lifecycle of the components' Octopus projects (space '{Space.Name}'). Known: {string.Join(", ", Environments.Select(e => e.Name))}.");

    public string EnvironmentName(string id) => Environments.FirstOrDefault(e => e.Id == id)?.Name ?? id;

    public string? ComponentOf(string projectId) => Projects.FirstOrDefault(p => p.Value.Id == projectId).Key;

    public string ChannelName(string component, string channelId) => Channels.GetValueOrDefault(component)?.FirstOrDefault(c => c.Id == channelId)?.Name ?? channelId;
}
