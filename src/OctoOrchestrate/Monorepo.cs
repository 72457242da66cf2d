using OctoOrchestrate.Detect;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate;

/// <summary>
/// The library's front door: a monorepo described by its manifest. A Nuke target needs one line:
/// <c>var changed = Monorepo.Load().Affected(baseRef: "origin/main");</c>
/// </summary>
public sealed class Monorepo
{
    Monorepo(MonorepoManifest manifest, string repositoryRoot, string manifestPrefix)
    {
        Manifest = manifest;
        RepositoryRoot = repositoryRoot;
        ManifestPrefix = manifestPrefix;
        Git = new Git(repositoryRoot);
    }

    public MonorepoManifest Manifest { get; }

    /// <summary>The git working tree's top folder.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The manifest's folder relative to <see cref="RepositoryRoot"/>, with a trailing '/' ("" at the root).</summary>
    public string ManifestPrefix { get; }

    internal Git Git { get; }

    public static Monorepo Load(string? manifestPath = null, string? workingDirectory = null)
    {
        var file = ManifestLoader.Locate(manifestPath, workingDirectory ?? Directory.GetCurrentDirectory());
        var manifest = ManifestLoader.Load(file);
        var result = new Git(manifest.Directory).TryRunAsync("rev-parse", "--show-toplevel", "--show-prefix").GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new GitException($"'{manifest.Directory}' is not inside a git repository ({result.StandardError.Trim()}). Run from a clone, or 'git init' the monorepo.");
        var lines = result.StandardOutput.Split('\n');
        return new Monorepo(manifest, Path.GetFullPath(lines[0].Trim()), lines.Length > 1 ? lines[1].Trim() : "");
    }

    public AffectedResult Affected(string? baseRef = null, string? headRef = null, bool includeUncommitted = false) =>
        AffectedAsync(baseRef, headRef, includeUncommitted).GetAwaiter().GetResult();

    /// <summary>Components changed between <paramref name="baseRef"/> (default: merge-base with the default branch) and <paramref name="headRef"/>.</summary>
    public async Task<AffectedResult> AffectedAsync(string? baseRef = null, string? headRef = null, bool includeUncommitted = false)
    {
        var range = await BaseResolver.ResolveRangeAsync(Git, baseRef, headRef).ConfigureAwait(false);
        var (components, removed) = await ComputeAsync(range.Base, range.Head, includeUncommitted).ConfigureAwait(false);
        return new AffectedResult(range.Base, range.Head, range.BaseReason, components, removed);
    }

    /// <summary>
    /// Components changed since each one's own base (e.g. the commit of its last release); a null base means never released.
    /// Components missing from <paramref name="baseCommitByComponent"/> are not considered.
    /// </summary>
    public async Task<AffectedResult> AffectedSinceAsync(IReadOnlyDictionary<string, string?> baseCommitByComponent, string headRef = "HEAD", bool includeUncommitted = false)
    {
        var head = await BaseResolver.ResolveAsync(Git, headRef, "--head").ConfigureAwait(false);
        var selected = new Dictionary<string, AffectedComponent>(StringComparer.Ordinal);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in baseCommitByComponent.GroupBy(kv => kv.Value))
        {
            if (group.Key is null)
            {
                foreach (var (name, _) in group) selected[name] = new AffectedComponent(name, [new AffectedReason(ReasonKind.New)]);
                continue;
            }

            var baseCommit = await BaseResolver.ResolveAsync(Git, group.Key, "base").ConfigureAwait(false);
            var (components, gone) = await ComputeAsync(baseCommit, head, includeUncommitted).ConfigureAwait(false);
            var names = group.Select(kv => kv.Key).ToHashSet();
            foreach (var component in components.Where(c => names.Contains(c.Name))) selected[component.Name] = component;
            removed.UnionWith(gone.Where(names.Contains));
        }

        var ordered = ManifestGraph.Order(Manifest).Where(c => selected.ContainsKey(c.Name)).Select(c => selected[c.Name]).ToList();
        var bases = baseCommitByComponent.Values.Distinct().ToList();
        var reason = bases.Count == 1 && bases[0] is not null ? $"last release of each component ({bases[0]})" : "last release of each component";
        return new AffectedResult(bases.Count == 1 ? bases[0] ?? "" : "", head, reason, ordered, removed.ToList());
    }

    async Task<(List<AffectedComponent> Components, List<string> Removed)> ComputeAsync(string baseCommit, string head, bool includeUncommitted)
    {
        var files = await ChangedFiles.ListAsync(Git, ManifestPrefix, baseCommit, head, includeUncommitted).ConfigureAwait(false);
        var direct = AffectedCalculator.DirectReasons(Manifest, files);
        var removed = files.Any(f => f.IsDeleted) || files.Any(f => f.Path == Path.GetFileName(Manifest.FilePath))
            ? await RemovedComponents.FindAsync(Git, Manifest, ManifestPrefix, files, baseCommit, head, includeUncommitted).ConfigureAwait(false)
            : [];
        return (AffectedCalculator.Propagate(Manifest, direct, removed), removed.Order(StringComparer.Ordinal).ToList());
    }
}
