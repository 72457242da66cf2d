using OctoOrchestrate.Build;
using OctoOrchestrate.Local;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// F1, F10, F22: every manifest name that becomes a folder, a file or a git tag goes through one rule, and every path built
/// from a name is fenced inside its root (a second check, should a name ever get past the first).
/// </summary>
public sealed class NameAndPathTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("oo-hostile-names-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly string[] Bad =
    [
        "../..", "..", ".", "../../../../evil/x", "/srv/www", "C:\\inetpub", "C:", "a/b", "a\\b", "-rf", ".hidden", "a..b", "a.lock", "A.LOCK",
        "a@{1}", "trailing.", "a~1", "a^2", "a:b", "a?", "a*", "a[1", "with space", "tab\there", "nul\u0001", "ünïcode", "$(id)", "a;rm",
        "CON", "nul.txt", new string('a', NameRules.MaxLength + 1),
    ];

    public static TheoryData<string> BadNames() => new(Bad);

    /// <summary>Each kind of name, with the manifest that puts the name (written as a double-quoted YAML string) on line 6.</summary>
    public static TheoryData<string, string> Kinds() => new()
    {
        { "Environment", "train: 2026.4.0\ncomponents:\n  - name: ok\n    paths: [\"a/**\"]\nenvironments:\n  - NAME\n" },
        { "Component", "train: 2026.4.0\nenvironments: [Dev]\ncomponents:\n  - name: ok\n    paths: [\"a/**\"]\n  - name: NAME\n    paths: [\"b/**\"]\n" },
        { "Package", "train: 2026.4.0\ncomponents:\n  - name: ok\n    paths: [\"a/**\"]\n\n    packageId: NAME\n" },
        { "Project", "train: 2026.4.0\ncomponents:\n  - name: ok\n    paths: [\"a/**\"]\n\n    project: NAME\n" },
        { "Channel", "train: 2026.4.0\ncomponents:\n  - name: ok\n    paths: [\"a/**\"]\nchannels:\n  - name: NAME\n" },
    };

    public static TheoryData<string, string> KindsAndNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "Environment", "Component", "Package", "Project", "Channel" })
        {
            foreach (var name in Bad) data.Add(kind, name);
        }

        return data;
    }

    static string Quoted(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
        .Replace("\u0001", "\\x01", StringComparison.Ordinal) + "\"";

    [Theory]
    [MemberData(nameof(KindsAndNames))]
    public void A_bad_name_of_any_kind_is_a_manifest_error_at_its_line(string kind, string name)
    {
        var template = Kinds().Single(k => (string)k[0] == kind)[1].ToString()!;
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllText(path, template.Replace("NAME", Quoted(name), StringComparison.Ordinal));

        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));

        Assert.Equal((path, 6, ExitCodes.BadInput), (error.File, error.Line, error.ExitCode));
        Assert.Contains($"{kind} name '", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rename it, e.g. '", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"e\.g\. '[A-Za-z0-9][A-Za-z0-9._-]*'", error.Message);
    }

    [Theory]
    [InlineData("Dev")]
    [InlineData("Production-EU")]
    [InlineData("shared.contracts")]
    [InlineData("Acme.Api_2")]
    [InlineData("9lives")]
    [InlineData("a.locked")]
    public void Ordinary_names_pass(string name)
    {
        Assert.Null(NameRules.Problem(name));
        foreach (var kind in Kinds())
        {
            var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
            File.WriteAllText(path, kind[1].ToString()!.Replace("NAME", name, StringComparison.Ordinal));
            ManifestLoader.Load(path);
        }
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a.lock")]
    [InlineData("a@{1}")]
    [InlineData("a~1")]
    [InlineData("a^2")]
    [InlineData("a:b")]
    [InlineData("a?")]
    [InlineData("a*")]
    [InlineData("a[1")]
    [InlineData("with space")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    public void Names_git_refuses_in_a_tag_are_refused_before_anything_runs(string name)
    {
        Assert.False(GitAcceptsTag(name));
        Assert.NotNull(NameRules.Problem(name));
    }

    [Theory]
    [InlineData("shared-contracts")]
    [InlineData("Acme.Api")]
    [InlineData("a.locked")]
    [InlineData("x_1-2.3")]
    public void Names_the_rule_accepts_make_valid_tags(string name)
    {
        Assert.Null(NameRules.Problem(name));
        Assert.True(GitAcceptsTag(name));
    }

    static bool GitAcceptsTag(string name)
    {
        using var repo = new TempGitRepo();
        try
        {
            repo.Git("check-ref-format", $"refs/tags/{name}/2026.4.0.1");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("environments: [\"../..\", Test]", "Environment name '../..'")]
    [InlineData("environments: [\"/tmp/oo-hostile-abs\", Test]", "Environment name '/tmp/oo-hostile-abs'")]
    [InlineData("environments: [Dev]\n# packageId below", "Package name '../../evilpkg/x'")]
    public async Task Ci_with_a_bad_name_exits_2_and_writes_nothing(string environments, string expected)
    {
        using var repo = new TempGitRepo()
            .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
            .Write("src/lib/x.c", "1")
            .Write("src/app/y.c", "2")
            .Write("octo-orchestrate.yaml", $$"""
                train: 2026.4.0
                {{environments}}
                components:
                  - name: src
                    paths: ["src/**"]
                    {{(expected.StartsWith("Package", StringComparison.Ordinal) ? "packageId: \"../../evilpkg/x\"" : "deployable: true")}}
                    build: cp -r src/. "$OO_OUTPUT/"
                """);
        repo.Commit("initial");

        var outcome = await CliRun.RunAsync(repo.Path, "ci");

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("octo-orchestrate.yaml(", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("", repo.Git("status", "--porcelain", "--ignored"));
        Assert.False(Directory.Exists("/tmp/oo-hostile-abs"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("..|x")]
    [InlineData("Dev|..|..")]
    [InlineData("/etc")]
    [InlineData("a/../../b")]
    [InlineData("a\\..\\..\\b")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("ok|nul\0")]
    public void ContainedPath_refuses_any_part_that_leaves_the_root(string joined)
    {
        var parts = joined.Split('|');
        var error = Assert.Throws<BadInputException>(() => ContainedPath.Under(folder, parts));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Theory]
    [InlineData("environments|Dev|api|2026.4.0.1")]
    [InlineData("..weird")]
    [InlineData("logs|Dev|api.2026.4.0.1.Deployments-7.log")]
    public void ContainedPath_keeps_ordinary_parts_below_the_root(string joined)
    {
        var parts = joined.Split('|');
        var path = ContainedPath.Under(folder, parts);

        Assert.Equal(Path.Combine([folder, .. parts]), path);
        Assert.StartsWith(folder + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainedPath_works_below_a_file_system_root()
    {
        var root = Path.GetPathRoot(folder)!;

        Assert.Equal(Path.Combine(root, "srv", "state"), ContainedPath.Under(root, "srv", "state"));
        Assert.Throws<BadInputException>(() => ContainedPath.Under(root, ".."));
    }

    [Theory]
    [InlineData("../..", "src")]
    [InlineData("/srv/www", "a")]
    [InlineData("Dev", "../../..")]
    [InlineData("Dev", "..")]
    public void The_state_folder_and_artifacts_fence_every_name_based_path(string environment, string component)
    {
        var state = new StateFolder(Path.Combine(folder, StateFolder.DefaultName));
        var manifest = new MonorepoManifest(Path.Combine(folder, ManifestLoader.DefaultFileName), "2026.4.0", [], [environment], [], []);

        Assert.Throws<BadInputException>(() => state.InstallDirectory(environment, component, "2026.4.0.1"));
        Assert.Throws<BadInputException>(() => state.ComponentDirectory(environment, component));
        Assert.Throws<BadInputException>(() => state.CurrentPointer(environment, component));
        var bad = environment == "Dev" ? component : environment;
        Assert.Throws<BadInputException>(() => ArtifactPaths.BuildOutput(manifest, bad, "run-1"));
        Assert.Throws<BadInputException>(() => ArtifactPaths.BuildRuns(manifest, bad));
        if (bad.Contains('/'))
        {
            // "...2026.4.0.1.zip" and "...2026.4.0.1.Deployments-1.log" are harmless file names; a name with '/' is not.
            Assert.Throws<BadInputException>(() => state.DeploymentLog(environment, component, "2026.4.0.1", 1));
            Assert.Throws<BadInputException>(() => ArtifactPaths.Package(manifest, bad, "2026.4.0.1"));
            Assert.Throws<BadInputException>(() => ArtifactPaths.Log(manifest, bad, "build"));
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}
