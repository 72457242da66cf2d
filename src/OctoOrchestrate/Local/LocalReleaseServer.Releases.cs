using Microsoft.Data.Sqlite;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    public async Task<ReleaseInfo> CreateReleaseAsync(NewRelease release, CancellationToken cancellationToken = default)
    {
        var component = Manifest.Component(release.Component);
        if (!component.Deployable)
            throw new BadInputException($"Component '{component.Name}' is 'deployable: false' in {Manifest.FilePath}, so it is never released. Release the components that use it.");
        var channel = ResolveChannel(release);
        if (!File.Exists(release.PackagePath))
            throw new BadInputException($"The package '{release.PackagePath}' of {release.Component} {release.Version} does not exist. Run the pack step first.");

        var hash = await PackageHash.OfFileAsync(release.PackagePath, cancellationToken).ConfigureAwait(false);
        // Checked before the package is stored, so a refused package leaves nothing behind in the state folder.
        if (FindExact(release.Component, release.Version) is { } released) return SamePackageOrRefuse(released, hash);
        var stored = await StorePackageAsync(release, hash, cancellationToken).ConfigureAwait(false);
        return ledger.Write((connection, transaction) =>
        {
            var existing = ReadReleases(connection, transaction, "WHERE component = $c AND version = $v", ("$c", release.Component), ("$v", release.Version)).SingleOrDefault();
            if (existing is not null) return SamePackageOrRefuse(existing, hash); // another process released it meanwhile

            connection.Execute(transaction,
                "INSERT INTO releases (component, version, channel, package_path, package_sha256, release_notes, git_commit, created_at) VALUES ($c, $v, $ch, $p, $h, $n, $g, $t)",
                ("$c", release.Component), ("$v", release.Version), ("$ch", channel), ("$p", stored), ("$h", hash),
                ("$n", release.ReleaseNotes), ("$g", release.GitCommit), ("$t", SqliteExtensions.Now()));
            var id = (long)connection.Scalar(transaction, "SELECT last_insert_rowid()")!;
            return ReadReleases(connection, transaction, "WHERE id = $id", ("$id", id)).Single();
        });
    }

    static ReleaseInfo SamePackageOrRefuse(ReleaseInfo existing, string hash) =>
        existing.PackageSha256 == hash ? existing
            : throw new BadInputException(
                $"{existing.Component} {existing.Version} was already released with a different package (SHA-256 {existing.PackageSha256[..12]}…, now {hash[..12]}…). " +
                "A version names one package forever: bump the version (commit, then pack again) instead of rebuilding the same one.");

    ReleaseInfo? FindExact(string component, string version) =>
        ledger.Read(c => ReadReleases(c, null, "WHERE component = $c AND version = $v", ("$c", component), ("$v", version))).SingleOrDefault();

    public Task<IReadOnlyList<ReleaseInfo>> ListReleasesAsync(string component, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReleaseInfo>>(ledger.Read(c => ReadReleases(c, null, "WHERE component = $c", ("$c", component)))
            .OrderByDescending(r => r.Version, Comparer<string>.Create(VersionPattern.Compare)).ToList());

    public async Task<ReleaseInfo?> FindReleaseAsync(string component, string versionPattern, string? channel = null, CancellationToken cancellationToken = default) =>
        (await ListReleasesAsync(component, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => VersionPattern.Matches(versionPattern, r.Version) && (channel is null || string.Equals(channel, r.Channel, StringComparison.OrdinalIgnoreCase)));

    internal ReleaseInfo GetRelease(string releaseId)
    {
        var id = ParseId(releaseId, "Releases");
        return ledger.Read(c => ReadReleases(c, null, "WHERE id = $id", ("$id", id))).SingleOrDefault()
            ?? throw new BadInputException($"Release '{releaseId}' does not exist in {ledger.Path}. List releases with 'octo-orchestrate status'.");
    }

    string ResolveChannel(NewRelease release)
    {
        var channel = release.Channel is null ? Manifest.Channels.Single(c => c.IsDefault)
            : Manifest.Channels.FirstOrDefault(c => string.Equals(c.Name, release.Channel, StringComparison.OrdinalIgnoreCase))
              ?? throw new BadInputException($"Channel '{release.Channel}' is not in 'channels:' of {Manifest.FilePath}. Known channels: {string.Join(", ", Manifest.Channels.Select(c => c.Name))}.");
        return VersionPattern.Matches(channel.VersionRule, release.Version) ? channel.Name
            : throw new BadInputException(
                $"{release.Component} {release.Version} does not match the version rule '{channel.VersionRule}' of channel '{channel.Name}' ({Manifest.FilePath}). " +
                "Release it in a channel whose rule matches, or fix the version.");
    }

    /// <summary>
    /// Keeps a copy of the package in the state folder so later deployments do not depend on the artifacts folder. The copy is checked
    /// against <paramref name="hash"/> before it takes its name; on any failure (a full disk) the partial copy is deleted, so a rerun converges.
    /// </summary>
    async Task<string> StorePackageAsync(NewRelease release, string hash, CancellationToken cancellationToken)
    {
        var target = ContainedPath.Under(State.PackagesDirectory, $"{release.Component}.{release.Version}.{hash[..12]}{Path.GetExtension(release.PackagePath)}");
        if (File.Exists(target) && await PackageHash.OfFileAsync(target, cancellationToken).ConfigureAwait(false) == hash) return target;
        var temporary = StaleTemporaryFiles.NameFor(target);
        try
        {
            Directory.CreateDirectory(State.PackagesDirectory);
            File.Copy(release.PackagePath, temporary);
            if (await PackageHash.OfFileAsync(temporary, cancellationToken).ConfigureAwait(false) != hash)
                throw new IOException($"'{release.PackagePath}' changed while it was being stored; pack again");
            File.Move(temporary, target, overwrite: true);
            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var full = LedgerErrors.DiskIsFull(State.PackagesDirectory) ? " The disk is full: free space, then rerun." : ""; // before the partial copy frees its space
            StaleTemporaryFiles.TryDelete(temporary);
            throw new OctoOrchestrateException(
                $"Cannot store the package of {release.Component} {release.Version} in '{State.PackagesDirectory}': {ex.Message}.{full} Nothing was released.",
                ExitCodes.ReleaseServerFailed, ex);
        }
        catch
        {
            StaleTemporaryFiles.TryDelete(temporary);
            throw;
        }
    }

    static List<ReleaseInfo> ReadReleases(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string, object?)[] parameters) =>
        connection.Query(transaction, "SELECT * FROM releases " + where, r => new ReleaseInfo(
            $"Releases-{r.GetInt64(r.GetOrdinal("id"))}",
            r.GetString(r.GetOrdinal("component")),
            r.GetString(r.GetOrdinal("version")),
            r.GetString(r.GetOrdinal("channel")),
            r.GetString(r.GetOrdinal("package_path")),
            r.GetString(r.GetOrdinal("package_sha256")),
            r.GetString(r.GetOrdinal("release_notes")),
            r.GetString(r.GetOrdinal("git_commit")),
            r.NullableTime("created_at")!.Value), parameters);
}
