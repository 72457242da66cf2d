using OctoOrchestrate.Detect;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// F14, F20: glob matching takes time linear in pattern × path (no backtracking explosion on many '**'), and a glob that
/// can never match what its author meant is a manifest error with the corrected glob, not a silent non-match.
/// </summary>
public sealed class GlobHostileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("oo-hostile-glob-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(12, 41)]
    [InlineData(40, 41)]
    [InlineData(200, 300)]
    public void Many_double_stars_against_a_deep_path_answer_without_backtracking_explosion(int stars, int depth)
    {
        var pattern = string.Join('/', Enumerable.Repeat("**", stars)) + "/x";
        var deep = string.Join('/', Enumerable.Range(0, depth).Select(i => $"d{i}"));
        var interleaved = new Glob(string.Join('/', Enumerable.Range(0, stars).Select(i => $"**/d{i}")) + "/**/y");

        Assert.False(new Glob(pattern).IsMatch(deep + "/f"));
        Assert.True(new Glob(pattern).IsMatch(deep + "/x"));
        Assert.False(new PathRules(["a/**", "!" + pattern]).IsMatch("a/" + deep + "/x"));
        Assert.Equal(stars <= depth, interleaved.IsMatch(deep + "/y"));
        Assert.False(interleaved.IsMatch(deep + "/z"));
    }

    /// <summary>The plain recursive definition, memoised: the reference the linear matcher must agree with.</summary>
    static bool Reference(string[] segments, string[] parts)
    {
        var memo = new Dictionary<(int, int), bool>();
        bool Match(int si, int pi)
        {
            if (memo.TryGetValue((si, pi), out var known)) return known;
            bool result;
            if (si == segments.Length) result = pi == parts.Length;
            else if (segments[si] == "**")
                result = si == segments.Length - 1 ? pi < parts.Length : Enumerable.Range(pi, parts.Length - pi + 1).Any(skip => Match(si + 1, skip));
            else result = pi < parts.Length && SegmentMatches(segments[si], parts[pi]) && Match(si + 1, pi + 1);
            return memo[(si, pi)] = result;
        }

        return Match(0, 0);
    }

    static bool SegmentMatches(string pattern, string text) =>
        pattern.Length == 0 ? text.Length == 0
        : pattern[0] == '*' ? Enumerable.Range(0, text.Length + 1).Any(i => SegmentMatches(pattern[1..], text[i..]))
        : text.Length > 0 && (pattern[0] == '?' || pattern[0] == text[0]) && SegmentMatches(pattern[1..], text[1..]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_linear_matcher_agrees_with_the_recursive_definition(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["**", "*", "a", "b", "a*", "*b", "?", "ab"];
        string[] names = ["a", "b", "ab", "ba", "aab", ""];
        for (var round = 0; round < 3000; round++)
        {
            var segments = Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)]).ToArray();
            var parts = Enumerable.Range(0, random.Next(1, 7)).Select(_ => names[random.Next(names.Length - 1)]).ToArray();
            var pattern = string.Join('/', segments);
            var path = string.Join('/', parts);
            var literalFolder = segments.All(s => s.IndexOfAny(['*', '?']) < 0) && segments.Length < parts.Length && segments.SequenceEqual(parts.Take(segments.Length));

            var expected = Reference(segments, parts) || literalFolder;
            Assert.True(expected == new Glob(pattern).IsMatch(path), $"'{pattern}' against '{path}': expected {expected}");
        }
    }

    [Theory]
    [InlineData("db/[0-9].sql", "db/1.sql", true)]
    [InlineData("db/[0-9].sql", "db/a.sql", false)]
    [InlineData("db/[!0-9]*.sql", "db/a1.sql", true)]
    [InlineData("db/[!0-9]*.sql", "db/1a.sql", false)]
    [InlineData("db/[ab]x", "db/bx", true)]
    [InlineData("db/[]]x", "db/]x", true)]
    [InlineData("a/**/[st]rc/*", "a/b/c/src/f", true)]
    public void Character_sets_match_one_character(string pattern, string path, bool expected)
    {
        Assert.Null(Glob.Problem(pattern));
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));
    }

    [Theory]
    [InlineData("./a/**", "\"a/**\"", "'./'")]
    [InlineData("!./a/**", "\"!a/**\"", "'./'")]
    [InlineData(" a/**", "\"a/**\"", "space")]
    [InlineData("a/f ", "\"a/f\"", "space")]
    [InlineData("../a/**", "'..'", "'..'")]
    [InlineData("a/../b/**", "'..'", "'..'")]
    [InlineData("a\\**", "\"a/**\"", "'\\'")]
    [InlineData("/x/**", "\"x/**\"", "absolute")]
    [InlineData("C:/repo/a/**", "relative", "absolute")]
    [InlineData("[", "[abc]", "without its ']'")]
    [InlineData("a/[", "[abc]", "without its ']'")]
    [InlineData("a/[0-9/x", "[abc]", "without its ']'")]
    [InlineData("a/./b", "\"a/b\"", "'./'")]
    [InlineData("!", "Remove it", "empty")]
    public void A_glob_that_can_never_match_is_a_manifest_error_with_the_fix(string glob, string fix, string what)
    {
        foreach (var key in new[] { "paths", "globalFiles" })
        {
            var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
            var escaped = glob.Replace("\\", "\\\\", StringComparison.Ordinal);
            File.WriteAllText(path, key == "paths"
                ? $"train: 2026.4.0\ncomponents:\n  - name: a\n    paths:\n      - \"a/**\"\n      - \"{escaped}\"\n"
                : $"train: 2026.4.0\nglobalFiles:\n  - global.json\n  - \"{escaped}\"\ncomponents:\n  - name: a\n    paths: [\"a/**\"]\n");

            var error = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));

            Assert.Equal(key == "paths" ? 6 : 4, error.Line);
            Assert.Contains(what, error.Message, StringComparison.Ordinal);
            Assert.Contains(fix, error.Message, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        }
    }

    [Theory]
    [InlineData(".github/**")]
    [InlineData("services/")]
    [InlineData("a/**/b")]
    [InlineData("!**/*.md")]
    [InlineData("..weird/**")]
    [InlineData("a/[bc]/**")]
    public void Ordinary_globs_pass(string glob) => Assert.Null(Glob.Problem(glob));

    [Theory]
    [InlineData("./a/**")]
    [InlineData("a/f ")]
    [InlineData("a\\**")]
    public async Task Affected_refuses_the_glob_instead_of_reporting_nothing_changed(string glob)
    {
        using var repo = new TempGitRepo()
            .Write("a/f", "0")
            .Write("octo-orchestrate.yaml", $"train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"{glob.Replace("\\", "\\\\", StringComparison.Ordinal)}\"]\n");
        repo.Commit("initial");
        repo.Write("a/f", "1").Commit("change");

        var outcome = await CliRun.RunAsync(repo.Path, "affected", "--base", "HEAD~1");

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains("octo-orchestrate.yaml(4):", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Write \"a/", outcome.Error, StringComparison.Ordinal);
    }
}
