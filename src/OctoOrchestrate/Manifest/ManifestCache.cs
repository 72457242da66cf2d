using OctoOrchestrate.Local;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// Keeps the validated manifest in <c>.octo-orchestrate/cache/</c> beside it, with the exact bytes it was parsed from and
/// the ids of the tool build that parsed it: parsing and validating a 1,000-component manifest costs more than a whole git
/// diff. A miss (other text, other tool build, unreadable cache) runs the full loader, so every error still carries its
/// file and line. Bytes are compared rather than hashed: exact, and hashing would load the crypto library on every run.
/// </summary>
internal static class ManifestCache
{
    public const string FolderName = "cache";

    public static MonorepoManifest Load(string path)
    {
        var file = Path.GetFullPath(path);
        var bytes = ManifestLoader.ReadBytes(file);
        var folder = FolderFor(file);
        var cacheFile = Path.Combine(folder, Path.GetFileName(file) + ".bin");
        var toolBuild = ToolBuild();
        if (ManifestCacheFormat.TryRead(cacheFile, toolBuild, bytes, file) is { } cached) return cached;

        var manifest = ManifestLoader.Parse(ManifestLoader.Decode(bytes), file);
        TryStore(folder, cacheFile, toolBuild, bytes, manifest);
        return manifest;
    }

    /// <summary>The build ids of this assembly and of the YAML parser: either one rebuilt may parse the same text differently.</summary>
    static byte[] ToolBuild() =>
        [.. typeof(ManifestCache).Assembly.ManifestModule.ModuleVersionId.ToByteArray(), .. typeof(YamlDotNet.Core.Parser).Assembly.ManifestModule.ModuleVersionId.ToByteArray()];

    public static string FolderFor(string manifestFile) =>
        Path.Combine(Path.GetDirectoryName(manifestFile)!, StateFolder.DefaultName, FolderName);

    // A cache that cannot be written (read-only checkout, full disk) only costs the next run a parse.
    static void TryStore(string folder, string cacheFile, byte[] toolBuild, byte[] manifestBytes, MonorepoManifest manifest)
    {
        try
        {
            Directory.CreateDirectory(folder);
            // Its own .gitignore keeps the cache out of 'git status' and of --include-uncommitted, whatever the repository ignores.
            var ignore = Path.Combine(folder, ".gitignore");
            if (!File.Exists(ignore)) File.WriteAllText(ignore, "*\n");
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
