using System.Diagnostics;
using System.Globalization;

namespace OctoOrchestrate.Local;

/// <summary>
/// Temporary files are named <c>&lt;target&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>: the writer deletes its own on failure, and a file whose
/// writer is gone (killed mid-copy) is removed the next time the state folder is opened, so retries never pile up partial copies.
/// </summary>
internal static class StaleTemporaryFiles
{
    public static string NameFor(string target) => $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    public static void Remove(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            if (WriterIsAlive(file)) continue;
            TryDelete(file);
        }
    }

    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // best effort: the next open retries
    }

    /// <summary>Names without a pid (written by an older version) count as abandoned once they are an hour old.</summary>
    static bool WriterIsAlive(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('.');
        if (parts.Length < 3 || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddHours(-1);
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
