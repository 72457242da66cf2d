namespace OctoOrchestrate.Manifest;

/// <summary>
/// Keeps the validated manifest in the user's cache folder (see <see cref="DefaultRoot"/>), one entry per manifest path, with
/// the exact bytes it was parsed from and the ids of the tool build that parsed it: parsing and validating a
/// 1,000-component manifest costs more than a whole git diff. A miss (other text, other tool build, unreadable cache) runs
/// the full loader, so every error still carries its file and line. Bytes are compared rather than hashed: exact, and
/// hashing would load the crypto library on every run.
/// <para>
/// Never inside the checkout: a cache there could be committed (<c>git add -f</c>) with the manifest's bytes and the
/// tool's public build ids, and would then run commands no reviewer saw. What is read is validated again all the same
/// (<see cref="ManifestValidation"/>), so a damaged or planted entry is a miss, never a manifest.
/// </para>
/// </summary>
internal static class ManifestCache
{
    /// <summary>Overrides the cache folder; "off" turns the cache off.</summary>
    public const string EnvironmentVariable = "OCTO_ORCHESTRATE_CACHE_DIR";

    public static MonorepoManifest Load(string path) => Load(path, TrustedRoot(DefaultRoot()));

    /// <summary>Loads through the cache in <paramref name="root"/>; null reads the manifest without a cache.</summary>
    public static MonorepoManifest Load(string path, string? root)
    {
        var file = Path.GetFullPath(path);
        var bytes = ManifestLoader.ReadBytes(file);
        if (root is null) return ManifestLoader.Parse(ManifestLoader.Decode(bytes, file), file);
        var cacheFile = EntryFor(root, file);
        var toolBuild = ToolBuild();
        if (ManifestCacheFormat.TryRead(cacheFile, toolBuild, bytes, file) is { } cached && ManifestValidation.IsValid(cached)) return cached;

        var manifest = ManifestLoader.Parse(ManifestLoader.Decode(bytes, file), file);
        TryStore(root, cacheFile, toolBuild, bytes, manifest);
        return manifest;
    }

    /// <summary>
    /// <c>$OCTO_ORCHESTRATE_CACHE_DIR</c>, else the platform's per-user cache folder + <c>octo-orchestrate/manifests</c>
    /// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>~/Library/Caches</c>, <c>%LOCALAPPDATA%</c>); null when off or unknown.
    /// </summary>
    public static string? DefaultRoot()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
            return string.Equals(configured, "off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(configured);
        string? baseFolder;
        if (OperatingSystem.IsWindows()) baseFolder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            baseFolder = Path.IsPathRooted(xdg) ? xdg
                : home.Length == 0 ? null
                : OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches")
                : Path.Combine(home, ".cache");
        }

        return string.IsNullOrEmpty(baseFolder) ? null : Path.Combine(baseFolder, "octo-orchestrate", "manifests");
    }

    /// <summary>
    /// <paramref name="root"/>, or null when it lies inside a git working tree (a folder with '.git' in it or above it):
    /// there a checkout could bring its own entries (e.g. OCTO_ORCHESTRATE_CACHE_DIR=.cache pointing into the clone).
    /// </summary>
    internal static string? TrustedRoot(string? root)
    {
        for (var folder = root; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var git = Path.Combine(folder, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return null;
        }

        return root;
    }

    /// <summary>
    /// The entry of one manifest path: a 64-bit FNV-1a hash of the full path names the file (a collision only costs a
    /// parse: the entry holds the manifest's bytes and the reader compares them).
    /// </summary>
    public static string EntryFor(string root, string manifestFile)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in manifestFile)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Path.Combine(root, $"{Path.GetFileNameWithoutExtension(manifestFile)}-{hash:x16}.bin");
    }

    /// <summary>The build ids of this assembly and of the YAML parser: either one rebuilt may parse the same text differently.</summary>
    internal static byte[] ToolBuild() =>
        [.. typeof(ManifestCache).Assembly.ManifestModule.ModuleVersionId.ToByteArray(), .. typeof(YamlDotNet.Core.Parser).Assembly.ManifestModule.ModuleVersionId.ToByteArray()];

    // A cache that cannot be written (read-only home, full disk) only costs the next run a parse.
    static void TryStore(string root, string cacheFile, byte[] toolBuild, byte[] manifestBytes, MonorepoManifest manifest)
    {
        try
        {
            Directory.CreateDirectory(root);
            // Written aside, then renamed: a concurrent run sees the whole entry or none.
            var temporary = $"{cacheFile}.{Environment.ProcessId}.tmp";
            ManifestCacheFormat.Write(temporary, toolBuild, manifestBytes, manifest);
            File.Move(temporary, cacheFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
