using System.IO.Compression;

namespace OctoOrchestrate.Pack;

/// <summary>
/// Zips a folder so the same files give the same bytes: entries sorted by their '/'-separated path, one fixed timestamp,
/// fixed compression level and fixed attributes (nothing from the file system but names and contents).
/// </summary>
public static class DeterministicZip
{
    /// <summary>2000-01-01: any fixed value works; DOS time cannot go below 1980.</summary>
    static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Unix mode 0644 of a regular file, in the high half of the external attributes.</summary>
    const int RegularFileAttributes = unchecked((int)(0x81A4u << 16));

    public static void Create(string sourceDirectory, string zipPath)
    {
        var entries = Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Name: Path.GetRelativePath(sourceDirectory, f).Replace('\\', '/')))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        var temporary = zipPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (full, name) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = RegularFileAttributes;
                using var target = entry.Open();
                using var source = File.OpenRead(full);
                source.CopyTo(target);
            }
        }

        // Written aside then moved, so a package path that exists is always a complete package.
        File.Move(temporary, zipPath, overwrite: true);
    }
}
