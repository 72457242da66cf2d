using System.Diagnostics;
using System.Globalization;

namespace OctoOrchestrate.Tests.Support;

/// <summary>
/// A real small (or read-only) file system: a tmpfs mounted on a temp folder, to fill a disk or refuse writes for real. Needs root
/// and permission to mount (a plain container may not have it): tests that need one use <see cref="NeedsMountFactAttribute"/>.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    static readonly Lazy<string?> WhyNot = new(Probe);

    SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, else why not.</summary>
    public static string? WhyMountIsUnavailable => WhyNot.Value;

    public static SmallDisk Mount(int kilobytes, bool readOnly = false)
    {
        var path = Directory.CreateTempSubdirectory("octo-orchestrate-disk-").FullName;
        var error = Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes.ToString(CultureInfo.InvariantCulture)}k{(readOnly ? ",ro" : "")}", "tmpfs", path);
        return error is null ? new SmallDisk(path) : throw new InvalidOperationException($"mount failed: {error}");
    }

    public void Resize(int kilobytes)
    {
        var error = Run("mount", "-o", $"remount,size={kilobytes.ToString(CultureInfo.InvariantCulture)}k", Path);
        if (error is not null) throw new InvalidOperationException($"remount failed: {error}");
    }

    /// <summary>Fills the disk with one file until the write fails for lack of space.</summary>
    public void Fill()
    {
        using var file = File.Create(System.IO.Path.Combine(Path, "filler"));
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

    static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        try
        {
            using var disk = Mount(64);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"cannot mount a tmpfs here ({ex.Message.Trim()}); run the tests as root with mount permission to cover a full disk";
        }
    }

    static string? Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error;
    }
}

/// <summary>A fact that needs <see cref="SmallDisk"/>: skipped, with the reason, where tmpfs cannot be mounted.</summary>
public sealed class NeedsMountFactAttribute : FactAttribute
{
    public NeedsMountFactAttribute()
    {
        if (SmallDisk.WhyMountIsUnavailable is { } reason) Skip = reason;
    }
}
