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

    public static Monorepo Load(string? manifestPath = null, string? workingDirectory = null) => Load(manifestPath, workingDirectory, [], out _);

    /// <summary>
    /// Loads the manifest and, in the same git process that finds the repository, resolves <paramref name="revisions"/>:
    /// <paramref name="commits"/> is null when any of them does not resolve (the caller then resolves one by one to say which).
    /// With <paramref name="prefetchRangeDiff"/> and a base and head in <paramref name="revisions"/>, the diff between them
    /// starts at the same time (it needs neither the repository's top nor the commits), and <see cref="Affected(ResolvedRange, bool)"/>
    /// collects it for that range instead of starting its own.
    /// </summary>
    internal static Monorepo Load(string? manifestPath, string? workingDirectory, string[] revisions, out string[]? commits, bool prefetchRangeDiff = false)
    {
        var file = ManifestLoader.Locate(manifestPath, workingDirectory ?? Directory.GetCurrentDirectory());
        var git = new Git(Path.GetDirectoryName(file)!);
        var together = revisions.Length > 0 && Git.CanResolveTogether(revisions);
        // git runs while the manifest parses: on a large manifest that hides the whole process round trip.
        using var location = git.Start(["rev-parse", "--show-toplevel", "--show-prefix", .. together ? Git.CommitRevisions(revisions) : []]);
        var diff = together && prefetchRangeDiff && revisions.Length == 2 ? ChangedFiles.Start(git, revisions[0] + "^{commit}", revisions[1] + "^{commit}") : null;
        DetectTimings.Mark("git started");
        try
        {
            var manifest = ManifestCache.Load(file);
            DetectTimings.Mark("manifest loaded");
            var result = location.Wait();
            DetectTimings.Mark("rev-parse collected");
            commits = null;
            if (result.ExitCode != 0 && together) result = git.TryRun("rev-parse", "--show-toplevel", "--show-prefix");
            else if (together) commits = Git.ObjectNames(result.StandardOutput.TrimEnd('\n').Split('\n'), 2, revisions.Length);
            if (result.ExitCode != 0)
                throw new GitException($"'{manifest.Directory}' is not inside a git repository ({result.StandardError.Trim()}). Run from a clone, or 'git init' the monorepo.");
            var lines = result.StandardOutput.Split('\n');
            var monorepo = new Monorepo(manifest, Path.GetFullPath(lines[0].Trim()), lines.Length > 1 ? lines[1].Trim() : "");
            // The two processes read the refs a moment apart: a ref moved in between (a fetch landing mid-run) can pair the
            // reported commits with the files of the range before, as can any two git commands of a run.
            if (diff is not null && commits is [var baseCommit, var headCommit])
            {
                monorepo.prefetched = new PrefetchedDiff(baseCommit, headCommit, diff);
                diff = null;
            }

            return monorepo;
        }
        finally
        {
            diff?.Dispose();
        }
    }

    /// <summary>A range diff started by <see cref="Load(string?, string?, string[], out string[], bool)"/> for these commits.</summary>
    sealed record PrefetchedDiff(string Base, string Head, RunningProcess Process);

    PrefetchedDiff? prefetched;

    /// <summary>Components changed between <paramref name="baseRef"/> (default: merge-base with the default branch) and <paramref name="headRef"/>.</summary>
    public AffectedResult Affected(string? baseRef = null, string? headRef = null, bool includeUncommitted = false) =>
        Affected(BaseResolver.ResolveRange(Git, baseRef, headRef), includeUncommitted);

    internal AffectedResult Affected(ResolvedRange range, bool includeUncommitted)
    {
        var (components, removed) = Compute(range.Base, range.Head, includeUncommitted);
        return new AffectedResult(range.Base, range.Head, range.BaseReason, components, removed);
    }

    /// <inheritdoc cref="Affected(string?, string?, bool)"/>
    public Task<AffectedResult> AffectedAsync(string? baseRef = null, string? headRef = null, bool includeUncommitted = false) =>
        Task.Run(() => Affected(baseRef, headRef, includeUncommitted));

    /// <summary>
    /// Components changed since each one's own base (e.g. the commit of its last release); a null base means never released.
    /// Components missing from <paramref name="baseCommitByComponent"/> are not considered.
    /// </summary>
    public Task<AffectedResult> AffectedSinceAsync(IReadOnlyDictionary<string, string?> baseCommitByComponent, string headRef = "HEAD", bool includeUncommitted = false) =>
        Task.Run(() => AffectedSince(baseCommitByComponent, headRef, includeUncommitted));

    AffectedResult AffectedSince(IReadOnlyDictionary<string, string?> baseCommitByComponent, string headRef, bool includeUncommitted)
    {
        var head = BaseResolver.Resolve(Git, headRef, "--head");
        var selected = new Dictionary<string, AffectedComponent>(StringComparer.Ordinal);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in baseCommitByComponent.GroupBy(kv => kv.Value))
        {
            if (group.Key is null)
            {
                foreach (var (name, _) in group) selected[name] = new AffectedComponent(name, [new AffectedReason(ReasonKind.New)]);
                continue;
            }

            var baseCommit = BaseResolver.Resolve(Git, group.Key, "base");
            var (components, gone) = Compute(baseCommit, head, includeUncommitted);
            var names = group.Select(kv => kv.Key).ToHashSet();
            foreach (var component in components.Where(c => names.Contains(c.Name))) selected[component.Name] = component;
            removed.UnionWith(gone.Where(names.Contains));
        }

        var ordered = ManifestGraph.Order(Manifest).Where(c => selected.ContainsKey(c.Name)).Select(c => selected[c.Name]).ToList();
        var bases = baseCommitByComponent.Values.Distinct().ToList();
        var reason = bases.Count == 1 && bases[0] is not null ? $"last release of each component ({bases[0]})" : "last release of each component";
        return new AffectedResult(bases.Count == 1 ? bases[0] ?? "" : "", head, reason, ordered, removed.ToList());
    }

    (List<AffectedComponent> Components, List<string> Removed) Compute(string baseCommit, string head, bool includeUncommitted)
    {
        RunningProcess? running = null;
        if (Interlocked.Exchange(ref prefetched, null) is { } early)
        {
            if (early.Base == baseCommit && early.Head == head && !includeUncommitted) running = early.Process;
            else early.Process.Dispose();
        }

        running ??= ChangedFiles.Start(Git, baseCommit, includeUncommitted ? null : head);
        // What the answer needs besides the diff is prepared while git works on it, on the core git leaves free.
        ComponentIndex index;
        IReadOnlyList<ComponentDefinition> order;
        try
        {
            index = new ComponentIndex(Manifest.Components);
            DetectTimings.Mark("index built");
            order = ManifestGraph.Order(Manifest);
            index.PrepareWhile(() => !running.HasExited);
        }
        catch
        {
            running.Dispose();
            throw;
        }

        DetectTimings.Mark("prepared while git ran");
        var files = ChangedFiles.List(Git, ManifestPrefix, baseCommit, head, includeUncommitted, running);
        DetectTimings.Mark("diff collected");
        // git lists what is left of deleted files' components while the owners of every changed file are mapped here.
        using var headListing = RemovedComponents.StartListing(Git, index, ManifestPrefix, files, head, includeUncommitted);
        var direct = AffectedCalculator.DirectReasons(Manifest, index, files);
        DetectTimings.Mark("owners mapped");
        var manifestName = Path.GetFileName(Manifest.FilePath);
        var manifestChanged = files.Exists(f => f.Path == manifestName);
        var baseManifest = manifestChanged ? ManifestChanges.AtBase(Git, Manifest, ManifestPrefix, baseCommit) : null;
        if (manifestChanged) AffectedCalculator.AddManifestReasons(direct, ManifestChanges.ChangedEntries(baseManifest, Manifest), manifestName);
        var removed = headListing is not null || manifestChanged
            ? RemovedComponents.Find(Manifest, index, ManifestPrefix, files, headListing, baseManifest)
            : new HashSet<string>(StringComparer.Ordinal);
        DetectTimings.Mark("owners and removals");
        var removedInOrder = new List<string>(removed);
        removedInOrder.Sort(StringComparer.Ordinal);
        return (AffectedCalculator.Propagate(order, direct, removed), removedInOrder);
    }
}
