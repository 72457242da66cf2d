namespace OctoOrchestrate.Pack;

/// <summary>A file to pack: where it is read from, its '/'-separated name in the package, and whether it is executable.</summary>
internal sealed record PackageFile(string Source, string Name, bool Executable);

/// <summary>
/// The files of a build output, for packing. Symlinks are resolved: one pointing inside the output is packed as the file (or folder)
/// it points to; one pointing outside it, a dangling one and a loop are refused with the path named, so nothing from elsewhere on the
/// machine (/etc/passwd, a home folder) ends up in a released package.
/// </summary>
internal static class PackageFiles
{
    const int MaxLinkHops = 40; // what Linux allows before ELOOP

    public static List<PackageFile> Enumerate(string root)
    {
        var files = new List<PackageFile>();
        var realRoot = RealPath(root);
        Walk(new DirectoryInfo(root), "", realRoot, realRoot, [realRoot], files);
        return files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    static void Walk(DirectoryInfo directory, string prefix, string realDirectory, string realRoot, HashSet<string> ancestors, List<PackageFile> files)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            var name = prefix + entry.Name;
            var real = Path.Combine(realDirectory, entry.Name);
            var target = entry;
            if (entry.LinkTarget is not null)
            {
                target = Resolve(entry, name);
                real = RealPath(target.FullName);
                if (!IsInside(real, realRoot))
                    throw Refuse(entry, $"is a symlink to '{entry.LinkTarget}', outside the build output. Copy what it points to into $OO_OUTPUT instead");
            }

            if (target is DirectoryInfo folder)
            {
                if (ancestors.Contains(real)) throw Refuse(entry, "is a symlink to a folder that contains it (a loop)");
                Walk(folder, name + "/", real, realRoot, [.. ancestors, real], files);
            }
            else
            {
                files.Add(new PackageFile(target.FullName, name, IsExecutable(target)));
            }
        }
    }

    static FileSystemInfo Resolve(FileSystemInfo link, string name)
    {
        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            throw Refuse(link, $"is a symlink that cannot be resolved ({ex.Message})");
        }

        if (target is null || !target.Exists) throw Refuse(link, $"is a dangling symlink (to '{link.LinkTarget}', which does not exist)");
        return target;
    }

    /// <summary>The path with every symlink in it resolved, so 'inside the output' cannot be faked through a linked parent folder.</summary>
    static string RealPath(string path, int hops = 0)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                if (hops >= MaxLinkHops) throw new IOException($"'{path}': too many levels of symbolic links");
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(target.FullName, hops + 1);
            }

            current = next;
        }

        return current;
    }

    static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    static bool IsExecutable(FileSystemInfo file) =>
        !OperatingSystem.IsWindows() && (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    static BadInputException Refuse(FileSystemInfo entry, string reason) => new($"'{entry.FullName}' in the build output {reason}.");
}
