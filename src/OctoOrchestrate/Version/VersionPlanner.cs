using OctoOrchestrate.Detect;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Version;

/// <summary>
/// Gives every changed component the version <c>train.Build</c>: Build is one more than the highest already used for the
/// component in the train (tags <c>component/version</c> and <see cref="VersionOptions.UsedVersions"/>), 1 in a new train,
/// and the same as before when HEAD already carries the component's tag (a rerun on the same commit).
/// </summary>
public static class VersionPlanner
{
    public static async Task<VersionPlan> PlanAsync(
        MonorepoManifest manifest, AffectedSince affectedSince, VersionOptions options, CancellationToken cancellationToken = default)
    {
        var git = new Git(manifest.Directory);
        await EnsureFullHistoryAsync(git).ConfigureAwait(false);
        var head = (await git.RunAsync("rev-parse", "HEAD").ConfigureAwait(false)).Trim();
        var tags = await VersionTags.ReadAsync(git).ConfigureAwait(false);

        var bases = manifest.Components.ToDictionary(c => c.Name, c => tags.Previous(c.Name, head)?.Commit);
        var affected = await affectedSince(bases, cancellationToken).ConfigureAwait(false);

        var planned = new List<PlannedVersion>();
        foreach (var component in affected.Components)
        {
            // The used versions only matter when the build number is counted: not when it is given, nor on a rerun where HEAD carries the tag
            // (on Octopus that read is one request per component).
            var counted = options.BuildNumber is null && tags.OnHead(component.Name, manifest.Train, head) is null;
            var used = options.UsedVersions is null || !counted ? [] : await options.UsedVersions(component.Name, cancellationToken).ConfigureAwait(false);
            planned.Add(Plan(manifest.Train, component, tags, head, used, options.BuildNumber));
        }

        return new VersionPlan(manifest.Train, head, planned);
    }

    internal static PlannedVersion Plan(
        string train, AffectedComponent component, VersionTags tags, string head, IEnumerable<string> usedElsewhere, int? buildNumber)
    {
        var previous = tags.Previous(component.Name, head);
        var onHead = tags.OnHead(component.Name, train, head);
        ComponentVersion version;
        if (buildNumber is { } explicitBuild)
        {
            version = ComponentVersion.Create(train, explicitBuild);
            var clash = tags.Of(component.Name).FirstOrDefault(t => t.Version == version && t.Commit != head);
            if (clash is not null)
                throw new BadInputException(
                    $"{BuildNumberOverride.Flag}/{BuildNumberOverride.EnvironmentVariable} {explicitBuild}: tag '{clash.Name}' already exists on commit {clash.Commit[..12]}. Choose an unused build number or leave it out to count from the tags.");
        }
        else if (onHead is not null)
        {
            version = onHead.Version;
        }
        else
        {
            var highest = tags.Of(component.Name).Select(t => t.Version)
                .Concat(usedElsewhere.Select(v => ComponentVersion.TryParse(v, out var parsed) ? parsed : default))
                .Where(v => v.Train == train && v.Build > 0)
                .Select(v => v.Build)
                .DefaultIfEmpty(0)
                .Max();
            if (highest >= ComponentVersion.MaxPart)
                throw new BadInputException($"Component '{component.Name}' has used every build number of train {train} (up to {ComponentVersion.MaxPart}). Start a new train in the manifest ('train:').");
            version = ComponentVersion.Create(train, highest + 1);
        }

        return new PlannedVersion(component.Name, component.Reasons, version.ToString(), previous?.Version.ToString(), previous?.Commit,
            AlreadyTagged: tags.Of(component.Name).Any(t => t.Version == version && t.Commit == head));
    }

    /// <summary>A shallow clone lacks the tags and commits the numbering needs: fail rather than answer with a smaller number.</summary>
    internal static async Task EnsureFullHistoryAsync(Git git)
    {
        if (await git.IsShallowAsync().ConfigureAwait(false))
            throw new MissingHistoryException(
                "This clone is shallow, so earlier version tags and commits may be missing and versions could repeat. " +
                "Run 'git fetch --unshallow --tags' (or clone with full history: 'fetch-depth: 0' in actions/checkout) and retry.");
    }
}
