namespace OctoOrchestrate.Detect;

/// <summary>
/// One path glob, matched segment by segment without regular expressions (nothing to compile at start-up):
/// <c>*</c> and <c>?</c> stay inside a folder name, <c>**</c> spans any number of folders. Case-sensitive, like git.
/// </summary>
internal sealed class Glob
{
    readonly string[] segments;
    readonly bool isLiteral;

    public Glob(string pattern)
    {
        Pattern = pattern;
        segments = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var literal = 0;
        while (literal < segments.Length && segments[literal].IndexOfAny(['*', '?', '[']) < 0) literal++;
        isLiteral = literal == segments.Length;
        // A pattern without wildcards names a file or a whole folder; its bucket is its parent folder.
        LiteralFolder = string.Join('/', segments, 0, isLiteral ? Math.Max(literal - 1, 0) : literal);
    }

    public string Pattern { get; }

    /// <summary>The folder every match lies in ("" for the root): used to bucket files before any glob runs.</summary>
    public string LiteralFolder { get; }

    public bool IsMatch(string path)
    {
        var parts = path.Split('/');
        // A literal pattern naming a folder matches everything below it, as in .gitignore; "services/*" does not reach deeper.
        return Match(parts, 0, 0)
            || (isLiteral && segments.Length < parts.Length && segments.AsSpan().SequenceEqual(parts.AsSpan(0, segments.Length)));
    }

    bool Match(string[] parts, int si, int pi)
    {
        while (si < segments.Length)
        {
            if (segments[si] == "**")
            {
                if (si == segments.Length - 1) return pi < parts.Length;
                for (var skip = pi; skip < parts.Length; skip++) if (Match(parts, si + 1, skip)) return true;
                return false;
            }

            if (pi >= parts.Length || !MatchSegment(segments[si], parts[pi])) return false;
            si++;
            pi++;
        }

        return pi == parts.Length;
    }

    static bool MatchSegment(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
