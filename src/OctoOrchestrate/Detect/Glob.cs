namespace OctoOrchestrate.Detect;

/// <summary>
/// One path glob, matched segment by segment without regular expressions (nothing to compile at start-up):
/// <c>*</c>, <c>?</c> and <c>[abc]</c>/<c>[a-z]</c>/<c>[!a]</c> stay inside a folder name, <c>**</c> spans any number of
/// folders. Case-sensitive, like git. Matching is greedy with one backtrack point per level (as for <c>*</c> inside a name),
/// so it takes at most segments × path depth steps however many <c>**</c> a pattern holds: never exponential.
/// </summary>
internal sealed class Glob
{
    readonly string[] segments;
    readonly bool[] anyFolders;
    readonly bool isLiteral;

    public Glob(string pattern)
    {
        Pattern = pattern;
        var split = Split(pattern);
        LiteralFolder = LiteralFolderOf(split, out isLiteral);

        // Consecutive '**' mean the same as one; a trailing '**' needs at least one more name ("a/**" is below a, not a).
        var kept = new List<string>(split.Length);
        foreach (var segment in split)
        {
            if (segment != "**" || kept.Count == 0 || kept[^1] != "**") kept.Add(segment);
        }

        if (kept.Count > 0 && kept[^1] == "**") kept.Insert(kept.Count - 1, "*");
        segments = [.. kept];
        // A plain loop: LINQ to a bool array would be JIT-compiled on every CLI start (outside ReadyToRun's bubble).
        anyFolders = new bool[segments.Length];
        for (var i = 0; i < segments.Length; i++) anyFolders[i] = segments[i] == "**";
    }

    public string Pattern { get; }

    static string[] Split(string pattern) => pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

    static string LiteralFolderOf(string[] split, out bool isLiteral)
    {
        var literal = 0;
        while (literal < split.Length && split[literal].IndexOfAny(['*', '?', '[']) < 0) literal++;
        isLiteral = literal == split.Length;
        // A pattern without wildcards names a file or a whole folder; its bucket is its parent folder.
        return string.Join('/', split, 0, isLiteral ? Math.Max(literal - 1, 0) : literal);
    }

    /// <summary>
    /// The <see cref="LiteralFolder"/> a glob of <paramref name="pattern"/> would have, without building the glob: the
    /// component index buckets every component by it on each run, and builds the globs of the few that a changed file reaches.
    /// </summary>
    internal static string LiteralFolderOf(string pattern)
    {
        var body = pattern.AsSpan().Trim('/');
        // Empty names ("a//b") are dropped by the split; the plain scan below is for the usual pattern without them.
        if (body.Contains("//", StringComparison.Ordinal)) return LiteralFolderOf(Split(pattern), out _);
        var segmentStart = 0;
        var lastSlash = -1;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i < body.Length && body[i] != '/') continue;
            if (body[segmentStart..i].IndexOfAny('*', '?', '[') >= 0) return segmentStart == 0 ? "" : body[..(segmentStart - 1)].ToString();
            if (i < body.Length) lastSlash = i;
            segmentStart = i + 1;
        }

        return lastSlash < 0 ? "" : body[..lastSlash].ToString();
    }

    /// <summary>The folder every match lies in ("" for the root): used to bucket files before any glob runs.</summary>
    public string LiteralFolder { get; }

    /// <summary>
    /// Why <paramref name="pattern"/> (without its leading '!') can never match what its author meant, with the fix; null
    /// when it is fine. Paths are compared as git lists them: relative to the manifest's folder, '/'-separated, verbatim.
    /// </summary>
    public static string? Problem(string pattern)
    {
        var body = pattern.StartsWith('!') ? pattern[1..] : pattern;
        if (IsPlain(body)) return null;
        var fixedBody = string.Join('/', body.Trim().Replace('\\', '/').Split('/').Where(s => s.Length > 0 && s != "."));
        var hint = fixedBody.Length > 0 && !fixedBody.Contains("..", StringComparison.Ordinal) ? $" Write \"{(pattern.StartsWith('!') ? "!" : "")}{fixedBody}\"." : "";
        if (body.Length == 0) return "is empty. Remove it, or name what to exclude after the '!'.";
        if (body.Trim().Length != body.Length)
            return "starts or ends with a space. git file names keep their spaces, so it would only match a name with that space." + hint;
        if (body.Contains('\\'))
            return "holds '\\'. git lists paths with '/', and '\\' is no escape here." + hint;
        if (body.StartsWith('/') || (body.Length >= 3 && char.IsAsciiLetter(body[0]) && body[1] == ':' && body[2] is '/' or '\\'))
            return "is absolute. Paths are relative to the manifest's folder." + hint;
        foreach (var segment in body.Split('/'))
        {
            if (segment == ".")
                return "holds a './' part. Paths are already relative to the manifest's folder, and git never lists './'." + hint;
            if (segment == "..")
                return "holds a '..' part. A component owns files under the manifest's folder only; move the manifest up to reach further.";
            if (UnclosedClass(segment) is { } at)
                return $"has a '[' without its ']' in \"{segment}\" (at character {at + 1}). Close the set, e.g. [abc], or use '?' for one character.";
        }

        return null;
    }

    /// <summary>The common case, without allocating: nothing <see cref="Problem"/> looks for can be in it.</summary>
    static bool IsPlain(string body)
    {
        if (body.Length == 0 || body[0] is ' ' or '/' || char.IsWhiteSpace(body[0]) || char.IsWhiteSpace(body[^1]) || (body.Length > 1 && body[1] == ':')) return false;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] is '\\' or '[') return false;
            // A '.' or '..' segment: a dot at a segment start followed by the segment's end, or by one more dot and the end.
            if (body[i] == '.' && (i == 0 || body[i - 1] == '/'))
            {
                var next = i + 1 < body.Length && body[i + 1] == '.' ? i + 2 : i + 1;
                if (next == body.Length || body[next] == '/') return false;
            }
        }

        return true;
    }

    public bool IsMatch(string path) => IsMatch(path.Split('/'));

    /// <summary><see cref="IsMatch(string)"/> for a path already split at '/': split once, tested against every glob it reaches.</summary>
    internal bool IsMatch(string[] parts)
    {
        // A literal pattern naming a folder matches everything below it, as in .gitignore; "services/*" does not reach deeper.
        return Match(parts)
            || (isLiteral && segments.Length < parts.Length && segments.AsSpan().SequenceEqual(parts.AsSpan(0, segments.Length)));
    }

    /// <summary>Names against segments: '**' takes any number of names; on a mismatch it takes one more and retries.</summary>
    bool Match(string[] parts)
    {
        int si = 0, pi = 0, star = -1, mark = 0;
        while (pi < parts.Length)
        {
            if (si < segments.Length && anyFolders[si]) { star = si++; mark = pi; }
            else if (si < segments.Length && MatchSegment(segments[si], parts[pi])) { si++; pi++; }
            else if (star >= 0) { si = star + 1; pi = ++mark; }
            else return false;
        }

        while (si < segments.Length && anyFolders[si]) si++;
        return si == segments.Length;
    }

    static bool MatchSegment(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (p < pattern.Length && MatchOne(pattern, p, text[t], out var next)) { p = next; t++; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="p"/> ('?', a set or a character) takes <paramref name="c"/>.</summary>
    static bool MatchOne(string pattern, int p, char c, out int next)
    {
        next = p + 1;
        if (pattern[p] == '?') return true;
        if (pattern[p] != '[' || ClassEnd(pattern, p) is not { } end) return pattern[p] == c;
        next = end + 1;
        var i = p + 1;
        var negate = pattern[i] is '!' or '^';
        if (negate) i++;
        var found = false;
        while (i < end)
        {
            if (i + 2 < end && pattern[i + 1] == '-') { found |= c >= pattern[i] && c <= pattern[i + 2]; i += 3; }
            else found |= pattern[i++] == c;
        }

        return found != negate;
    }

    /// <summary>The index of the ']' closing the set opened at <paramref name="open"/>; a ']' right after '[' or '[!' is a member.</summary>
    static int? ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++) if (pattern[i] == ']') return i;
        return null;
    }

    static int? UnclosedClass(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != '[') continue;
            if (ClassEnd(segment, i) is not { } end) return i;
            i = end;
        }

        return null;
    }
}
