namespace OctoOrchestrate.Tests.Support;

/// <summary>The repository's sample-monorepo/ (Octo Pet Shop), found above the test binaries, and copies of it for end-to-end tests.</summary>
public static class SampleMonorepo
{
    /// <summary>Copies the sample's files, leaving out build output and state, into <paramref name="target"/>.</summary>
    public static void CopyTo(string target)
    {
        var source = Find();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "artifacts" or ".octo-orchestrate" or "tools")) continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "sample-monorepo");
            if (File.Exists(Path.Combine(candidate, "octo-orchestrate.yaml"))) return candidate;
        }

        throw new InvalidOperationException("sample-monorepo/ not found above the test binaries.");
    }

    /// <summary>The repository this test runs from (the sample's parent).</summary>
    public static string RepositoryRoot => Path.GetDirectoryName(Find())!;
}
