namespace OctoOrchestrate.Detect;

/// <summary>Ordered gitignore-style rules: a leading <c>!</c> excludes, and the last rule that matches a path decides.</summary>
internal sealed class PathRules
{
    readonly (Glob Glob, bool Include)[] rules;

    public PathRules(IEnumerable<string> patterns)
    {
        rules = patterns.Select(p => p.StartsWith('!') ? (new Glob(p[1..]), false) : (new Glob(p), true)).ToArray();
    }

    /// <summary>The folders that hold every file these rules can include.</summary>
    public IEnumerable<string> Folders => rules.Where(r => r.Include).Select(r => r.Glob.LiteralFolder).Distinct();

    public bool IsMatch(string path)
    {
        for (var i = rules.Length - 1; i >= 0; i--)
        {
            if (rules[i].Glob.IsMatch(path)) return rules[i].Include;
        }

        return false;
    }
}
