using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Release;

public sealed record ReleaseStageResult(StageResult Result, IReadOnlyList<ReleaseInfo> Releases);

/// <summary>Creates one release per packed component. Idempotent: a rerun returns the releases created before.</summary>
public static class ReleaseStage
{
    public static async Task<ReleaseStageResult> CreateReleasesAsync(
        IReleaseServer server,
        MonorepoManifest manifest,
        IEnumerable<PackedComponent> packed,
        string? channel = null,
        CancellationToken cancellationToken = default,
        IProgress<string>? progress = null)
    {
        var started = DateTimeOffset.UtcNow;
        var outcomes = new List<ComponentOutcome>();
        var releases = new List<ReleaseInfo>();
        foreach (var package in packed.Where(p => manifest.Component(p.Component).Deployable))
        {
            var before = DateTimeOffset.UtcNow;
            var released = await server.FindReleaseAsync(package.Component, package.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (released is not null && await DiffersFromAsync(released, package.PackagePath, cancellationToken).ConfigureAwait(false) is { } rebuilt)
            {
                // A rebuild of a released version (fresh workspace, persistent state) that is not byte-identical: a version names one
                // package forever, so the released one stays and is what gets deployed; the rebuild is not used.
                var warning = $"warning: the rebuilt package {Path.GetFileName(package.PackagePath)} differs from the released one " +
                    $"(SHA-256 {released.PackageSha256[..12]}…, rebuilt {rebuilt[..12]}…): the build is not reproducible. The released package is kept and deployed.";
                progress?.Report($"{package.Component}: {warning}");
                releases.Add(released);
                outcomes.Add(new ComponentOutcome(package.Component, released.Version, Outcome.AlreadyReleased, $"{released.Id} in channel {released.Channel}; {warning}", before, DateTimeOffset.UtcNow));
                continue;
            }

            var existed = released is not null;
            var release = await server.CreateReleaseAsync(
                new NewRelease(package.Component, package.Version, package.PackagePath, package.Commit, ReleaseNotes(package),
                    channel ?? ChooseChannel(manifest, package.Version)), cancellationToken).ConfigureAwait(false);
            releases.Add(release);
            outcomes.Add(new ComponentOutcome(package.Component, release.Version, existed ? Outcome.AlreadyReleased : Outcome.Released,
                $"{release.Id} in channel {release.Channel}", before, DateTimeOffset.UtcNow));
        }

        return new ReleaseStageResult(new StageResult("release", null, started, DateTimeOffset.UtcNow, outcomes), releases);
    }

    /// <summary>The SHA-256 of <paramref name="packagePath"/> when it differs from the released package's, else null.</summary>
    static async Task<string?> DiffersFromAsync(ReleaseInfo released, string packagePath, CancellationToken cancellationToken)
    {
        // A server that does not record the package's hash (Octopus's release resource has none) cannot tell: the feed's
        // IgnoreIfExists keeps the first package there, and the release is reused as it is.
        if (string.IsNullOrEmpty(released.PackageSha256)) return null;
        var hash = await PackageHash.OfFileAsync(packagePath, cancellationToken).ConfigureAwait(false);
        return string.Equals(hash, released.PackageSha256, StringComparison.OrdinalIgnoreCase) ? null : hash;
    }

    /// <summary>Like octo's release plan: the default channel when its rule fits, else the one channel whose rule fits (null lets the server explain).</summary>
    public static string? ChooseChannel(MonorepoManifest manifest, string version)
    {
        var fitting = manifest.Channels.Where(c => VersionPattern.Matches(c.VersionRule, version)).ToList();
        return fitting.FirstOrDefault(c => c.IsDefault)?.Name ?? (fitting.Count == 1 ? fitting[0].Name : null);
    }

    public static string ReleaseNotes(PackedComponent package) =>
        string.Join("\n", package.Commits.Select(c => $"- {c.Message.Split('\n')[0]} ({(c.Id.Length > 7 ? c.Id[..7] : c.Id)}, {c.Author})"));
}
