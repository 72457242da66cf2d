using OctoOrchestrate.Pack;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

public sealed partial class OctopusReleaseServer
{
    /// <summary>
    /// Upload the package (IgnoreIfExists) and its build information, then create the release with the executions API
    /// (IgnoreIfAlreadyExists): all three are idempotent on the server, so a retry or a rerun creates nothing twice. A version the project
    /// already has is returned without uploading anything.
    /// </summary>
    public async Task<ReleaseInfo> CreateReleaseAsync(NewRelease release, CancellationToken cancellationToken = default)
    {
        var component = Deployable(release.Component);
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (await FindReleaseAsync(release.Component, release.Version, cancellationToken: cancellationToken).ConfigureAwait(false) is { } existing && existing.Version == release.Version)
            return existing;
        if (!File.Exists(release.PackagePath))
            throw new BadInputException($"The package '{release.PackagePath}' of {release.Component} {release.Version} does not exist. Run the pack step first.");

        var spaceId = server.Space.Id;
        await client.UploadPackageAsync(spaceId, release.PackagePath, cancellationToken).ConfigureAwait(false);
        var buildInformation = BuildInformationPath(release.PackagePath);
        if (File.Exists(buildInformation))
            await client.PushBuildInformationAsync(spaceId, BuildInformation.Read(buildInformation), cancellationToken).ConfigureAwait(false);

        var channel = ChannelFor(server, release);
        CreateReleaseResponse created;
        try
        {
            created = await client.CreateReleaseAsync(spaceId, server.Projects[release.Component].Name, channel, release.Version, release.Version, release.ReleaseNotes, cancellationToken).ConfigureAwait(false);
        }
        catch (OctopusApiException ex) when (ex.Status == System.Net.HttpStatusCode.BadRequest)
        {
            throw new BadInputException($"Octopus refused the release {release.Component} {release.Version} (project '{server.Projects[release.Component].Name}'): {ex.ServerMessage}");
        }

        // The answer names only the release; when the channel was chosen here, everything else is known without reading it back.
        var info = channel is not null
            ? new ReleaseInfo(created.ReleaseId, release.Component, created.ReleaseVersion, channel, release.PackagePath, "", release.ReleaseNotes, release.GitCommit, DateTimeOffset.UtcNow)
            : ToInfo(server, release.Component, await client.ReleaseAsync(spaceId, created.ReleaseId, cancellationToken).ConfigureAwait(false), release.PackagePath);
        var known = await KnownReleasesAsync(component.Name, cancellationToken).ConfigureAwait(false);
        lock (known) known.Insert(0, info);
        return info;
    }

    /// <summary>The project's releases, newest version first. A library (not deployable) has none.</summary>
    public async Task<IReadOnlyList<ReleaseInfo>> ListReleasesAsync(string component, CancellationToken cancellationToken = default)
    {
        if (!manifest.Component(component).Deployable) return [];
        var list = await KnownReleasesAsync(component, cancellationToken).ConfigureAwait(false);
        lock (list) return list.OrderByDescending(r => r.Version, Comparer<string>.Create(VersionPattern.Compare)).ToList();
    }

    /// <summary>
    /// An exact version is nearly always one the dashboard shows deployed somewhere (a rerun looks up what HEAD's tags name): those releases
    /// of every component come in one <c>releases?ids=…</c> request, so the project's whole release list is read only when that misses.
    /// </summary>
    public async Task<ReleaseInfo?> FindReleaseAsync(string component, string versionPattern, string? channel = null, CancellationToken cancellationToken = default)
    {
        bool Fits(ReleaseInfo r) => VersionPattern.Matches(versionPattern, r.Version) && (channel is null || string.Equals(channel, r.Channel, StringComparison.OrdinalIgnoreCase));
        if (!manifest.Component(component).Deployable) return null;
        if (!releases.ContainsKey(component) && !VersionPattern.IsWildcard(versionPattern)
            && (await DeployedReleasesAsync(cancellationToken).ConfigureAwait(false)).Values.FirstOrDefault(r => r.Component == component && Fits(r)) is { } deployed)
            return deployed;
        return (await ListReleasesAsync(component, cancellationToken).ConfigureAwait(false)).FirstOrDefault(Fits);
    }

    /// <summary>The releases the first dashboard read shows (current and previous, every environment), by id, read in one request once per run.</summary>
    async Task<IReadOnlyDictionary<string, ReleaseInfo>> DeployedReleasesAsync(CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var board = await DashboardAsync(cancellationToken).ConfigureAwait(false);
        Task<IReadOnlyDictionary<string, ReleaseInfo>> load;
        lock (dashboardGate)
        {
            deployedReleases ??= Load();
            load = deployedReleases;
        }

        try
        {
            return await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (load.IsFaulted)
        {
            lock (dashboardGate) if (deployedReleases == load) deployedReleases = null;
            throw;
        }

        async Task<IReadOnlyDictionary<string, ReleaseInfo>> Load()
        {
            var ids = board.Items.Concat(board.PreviousItems ?? []).Where(i => server.ComponentOf(i.ProjectId) is not null).Select(i => i.ReleaseId).Distinct().ToList();
            return (await client.ReleasesByIdAsync(server.Space.Id, ids, CancellationToken.None).ConfigureAwait(false))
                .Where(r => server.ComponentOf(r.ProjectId) is not null)
                .ToDictionary(r => r.Id, r => ToInfo(server, server.ComponentOf(r.ProjectId)!, r, ""));
        }
    }

    /// <summary>Read once per run (all pages) and kept up to date with the releases this run creates.</summary>
    async Task<List<ReleaseInfo>> KnownReleasesAsync(string component, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var load = releases.GetOrAdd(component, async _ =>
            (await client.ReleasesAsync(server.Space.Id, server.Projects[component].Id, CancellationToken.None).ConfigureAwait(false))
                .Select(r => ToInfo(server, component, r, "")).ToList());
        try
        {
            return await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (load.IsFaulted)
        {
            releases.TryRemove(new KeyValuePair<string, Task<List<ReleaseInfo>>>(component, load));
            throw;
        }
    }

    async Task<ReleaseInfo> ReleaseByIdAsync(string releaseId, CancellationToken cancellationToken)
    {
        var server = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var loaded in releases.Values.Where(t => t.IsCompletedSuccessfully))
        {
            lock (loaded.Result)
                if (loaded.Result.FirstOrDefault(r => r.Id == releaseId) is { } known) return known;
        }

        if (deployedReleases is { IsCompletedSuccessfully: true } deployed && deployed.Result.TryGetValue(releaseId, out var shown)) return shown;
        var release = await client.ReleaseAsync(server.Space.Id, releaseId, cancellationToken).ConfigureAwait(false);
        var component = server.ComponentOf(release.ProjectId)
            ?? throw new BadInputException($"Release '{releaseId}' belongs to Octopus project {release.ProjectId}, which no component of {manifest.FilePath} maps to.");
        return ToInfo(server, component, release, "");
    }

    /// <summary>The manifest's channel by name; the manifest's default channel is the project's default one whatever its name there.</summary>
    string? ChannelFor(Resolved server, NewRelease release)
    {
        if (release.Channel is null) return null;
        var channels = server.Channels[release.Component];
        if (channels.FirstOrDefault(c => string.Equals(c.Name, release.Channel, StringComparison.OrdinalIgnoreCase)) is { } named) return named.Name;
        return manifest.Channels.Any(c => c.IsDefault && string.Equals(c.Name, release.Channel, StringComparison.OrdinalIgnoreCase))
            ? channels.FirstOrDefault(c => c.IsDefault)?.Name
            : throw new BadInputException($"Octopus project '{server.Projects[release.Component].Name}' has no channel '{release.Channel}'. Create it, or fix 'channels:' in {manifest.FilePath}.");
    }

    static ReleaseInfo ToInfo(Resolved server, string component, ReleaseResource release, string packagePath) => new(
        release.Id, component, release.Version, server.ChannelName(component, release.ChannelId), packagePath, "", release.ReleaseNotes ?? "",
        release.BuildInformation?.FirstOrDefault(b => b.VcsCommitNumber is not null)?.VcsCommitNumber ?? "", release.Assembled);

    /// <summary>Pack writes <c>&lt;PackageId&gt;.&lt;Version&gt;.buildinfo.json</c> beside the package.</summary>
    static string BuildInformationPath(string packagePath) =>
        Path.Combine(Path.GetDirectoryName(packagePath) ?? ".", Path.GetFileNameWithoutExtension(packagePath) + ".buildinfo.json");
}
