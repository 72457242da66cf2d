namespace OctoOrchestrate.Detect;

/// <summary>Ordered gitignore-style rules: a leading <c>!</c> excludes, and the last rule that matches a path decides.</summary>
internal sealed class PathRules
{
    readonly Glob[] globs;
    readonly bool[] includes;

    public PathRules(IReadOnlyList<string> patterns)
    {
        globs = new Glob[patterns.Count];
        includes = new bool[patterns.Count];
        var folders = new List<string>();
        for (var i = 0; i < patterns.Count; i++)
        {
            includes[i] = !patterns[i].StartsWith('!');
            globs[i] = new Glob(includes[i] ? patterns[i] : patterns[i][1..]);
            if (includes[i] && !folders.Contains(globs[i].LiteralFolder)) folders.Add(globs[i].LiteralFolder);
        }

        Folders = folders;
    }

    /// <summary><see cref="Folders"/> of the rules <paramref name="patterns"/> would make, without building their globs.</summary>
    public static List<string> FoldersOf(IReadOnlyList<string> patterns)
    {
        var folders = new List<string>(1);
        foreach (var pattern in patterns)
        {
            if (pattern.StartsWith('!')) continue;
            var folder = Glob.LiteralFolderOf(pattern);
            if (!folders.Contains(folder)) folders.Add(folder);
        }

        return folders;
    }

    /// <summary>The folders that hold every file these rules can include, each once, in rule order.</summary>
    public IReadOnlyList<string> Folders { get; }

    public bool IsMatch(string path) => IsMatch(path.Split('/'));

    /// <summary><see cref="IsMatch(string)"/> for a path already split at '/'.</summary>
    internal bool IsMatch(string[] parts)
    {
        for (var i = globs.Length - 1; i >= 0; i--)
        {
            if (globs[i].IsMatch(parts)) return includes[i];
        }

        return false;
    }
}
