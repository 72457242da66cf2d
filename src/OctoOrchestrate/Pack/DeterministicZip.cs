using System.IO.Compression;

namespace OctoOrchestrate.Pack;

/// <summary>
/// Zips a folder so the same files give the same bytes: entries sorted by their '/'-separated path, one fixed timestamp,
/// fixed compression level and fixed attributes (nothing from the file system but names, contents and the executable bit).
/// </summary>
public static class DeterministicZip
{
    /// <summary>2000-01-01: any fixed value works; DOS time cannot go below 1980.</summary>
    static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Unix modes 0644 and 0755 of a regular file, in the high half of the external attributes: the executable bit is all that is kept.</summary>
    const int RegularFileAttributes = unchecked((int)(0x81A4u << 16));
    const int ExecutableFileAttributes = unchecked((int)(0x81EDu << 16));

    /// <exception cref="BadInputException">A symlink in <paramref name="sourceDirectory"/> points outside it, dangles or loops (PackageFiles).</exception>
    public static void Create(string sourceDirectory, string zipPath)
    {
        var entries = PackageFiles.Enumerate(sourceDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        var temporary = zipPath + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                foreach (var file in entries)
                {
                    var entry = archive.CreateEntry(file.Name, CompressionLevel.Optimal);
                    entry.LastWriteTime = FixedTime;
                    entry.ExternalAttributes = file.Executable ? ExecutableFileAttributes : RegularFileAttributes;
                    using var target = entry.Open();
                    using var source = File.OpenRead(file.Source);
                    source.CopyTo(target);
                }
            }

            MarkMadeOnUnix(temporary);

            // Written aside then moved, so a package path that exists is always a complete package.
            File.Move(temporary, zipPath, overwrite: true);
        }
        catch
        {
            // A failed pack (full disk, unreadable file) leaves no partial zip behind.
            try { File.Delete(temporary); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>
    /// ZipArchive records the OS it ran on in each central directory header ("version made by": 0 on Windows, 3 on Unix).
    /// Setting it to Unix everywhere (it matches the Unix file modes written above) makes the bytes the same on every OS.
    /// </summary>
    static void MarkMadeOnUnix(string zipPath)
    {
        using var file = new FileStream(zipPath, FileMode.Open, FileAccess.ReadWrite);
        var end = new byte[22];
        file.Seek(-end.Length, SeekOrigin.End);
        file.ReadExactly(end);
        if (BitConverter.ToUInt32(end, 0) != 0x06054b50) return; // a comment or zip64: leave as written
        int entries = BitConverter.ToUInt16(end, 10);
        long offset = BitConverter.ToUInt32(end, 16);
        var header = new byte[46];
        for (var i = 0; i < entries; i++)
        {
            file.Seek(offset, SeekOrigin.Begin);
            file.ReadExactly(header);
            if (BitConverter.ToUInt32(header, 0) != 0x02014b50) return;
            file.Seek(offset + 5, SeekOrigin.Begin);
            file.WriteByte(3);
            offset += header.Length + BitConverter.ToUInt16(header, 28) + BitConverter.ToUInt16(header, 30) + BitConverter.ToUInt16(header, 32);
        }
    }
}
