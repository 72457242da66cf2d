using System.Text;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// F13, F15, F16 and the F26 manifest cases: whatever the bytes, loading a manifest ends in a manifest or in a
/// <see cref="ManifestException"/> naming the file and line (exit 2), never a crash, a stack overflow or an unbounded
/// expansion; the base commit's manifest read by change detection included.
/// </summary>
public sealed class ManifestBoundsTests : IDisposable
{
    const string Valid = "train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"a/**\"]\n";

    readonly string folder = Directory.CreateTempSubdirectory("oo-hostile-bounds-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(byte[] bytes)
    {
        var path = Path.Combine(folder, ManifestLoader.DefaultFileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    ManifestException Refused(string text) => Refused(Encoding.UTF8.GetBytes(text));

    ManifestException Refused(byte[] bytes)
    {
        var path = Write(bytes);
        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));
        Assert.Equal(path, error.File);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        // The cache path must refuse it the same way, and never store it.
        var cacheRoot = Path.Combine(folder, "cache");
        Assert.Equal(error.Message, Assert.Throws<ManifestException>(() => ManifestCache.Load(path, cacheRoot)).Message);
        Assert.False(Directory.Exists(cacheRoot) && Directory.EnumerateFiles(cacheRoot).Any());
        return error;
    }

    static string Bomb(int components, int paths) =>
        new StringBuilder("train: 2026.4.0\ncomponents:\n  - name: c0\n    paths: &p [")
            .AppendJoin(',', Enumerable.Range(0, paths).Select(i => $"\"a/{i}/**\""))
            .Append("]\n")
            .AppendJoin("", Enumerable.Range(1, components - 1).Select(i => $"  - name: c{i}\n    paths: *p\n"))
            .ToString();

    [Theory]
    [InlineData(10_000, 4_000)]
    [InlineData(2_000, 20_000)]
    [InlineData(200_000, 100)]
    public void A_flat_alias_reused_many_times_is_refused_naming_the_limit(int components, int paths)
    {
        var error = Refused(Bomb(components, paths));

        Assert.Contains(BoundedYamlParser.MaxExpandedSize.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("aliases", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 3);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("/dev/zero")]
    public void A_file_past_the_size_limit_is_refused_before_it_is_parsed(string which)
    {
        if (which != "big" && !File.Exists(which)) return; // no such device on this OS
        var path = which == "big" ? Write(Encoding.UTF8.GetBytes("train: 2026.4.0\n# " + new string('x', (int)ManifestLoader.MaxFileBytes) + "\n")) : which;

        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path));

        Assert.Equal((path, ExitCodes.BadInput), (error.File, error.ExitCode));
        Assert.Contains("32 MB (the limit)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_within_the_limit_still_load()
    {
        var path = Write(Encoding.UTF8.GetBytes(Bomb(50, 20)));

        var manifest = ManifestLoader.Load(path);

        Assert.Equal(50, manifest.Components.Count);
        Assert.All(manifest.Components, c => Assert.Equal(20, c.Paths.Count));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(20_000)]
    [InlineData(40_000)]
    [InlineData(200_000)]
    public void Deep_nesting_is_refused_before_it_can_overflow_the_stack(int depth)
    {
        var error = Refused("train: 2026.4.0\nglobalFiles: " + new string('[', depth) + new string(']', depth) + "\ncomponents: []\n");

        Assert.Equal(2, error.Line);
        Assert.Contains($"more than {BoundedYamlParser.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- ", "")]
    [InlineData("{a: ", "}")]
    [InlineData("[{a: ", "}]")]
    public void Deep_block_and_flow_mappings_are_refused_too(string opener, string closer)
    {
        const int depth = 40_000;
        var error = Refused("train: 2026.4.0\nglobalFiles:" + (closer.Length == 0 ? "\n  " : " ") + string.Concat(Enumerable.Repeat(opener, depth)) + "x" + string.Concat(Enumerable.Repeat(closer, depth)) + "\n");

        Assert.Contains("levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train: 2026.4.0\n? [a, b]\n: x\ncomponents: [{name: a, paths: [\"a/**\"]}]\n", 2)]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"a/**\"]\n    {x: 1}: 2\n", 5)]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    ? - list\n    : 2\n", 4)]
    [InlineData("k: &k x\ntrain: 2026.4.0\n*k : 1\n", 3)]
    [InlineData("train: 2026.4.0\n[a]: 1\n", 2)]
    public void A_key_that_is_not_text_is_refused_at_its_line(string yaml, int line)
    {
        var error = Refused(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains("keys must be plain text", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, 3)]
    [InlineData(new byte[] { 0xC3, 0x28 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 3)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 3)]
    public void Invalid_utf8_is_refused_at_its_line(byte[] bad, int line)
    {
        var bytes = Encoding.UTF8.GetBytes("train: 2026.4.0\ncomponents:\n  - name: \"a").Concat(bad).Concat(Encoding.UTF8.GetBytes("\"\n    paths: [\"a/**\"]\n")).ToArray();

        var error = Refused(bytes);

        Assert.Equal(line, error.Line);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\0b\n    paths: [\"a/**\"]\n", 3, "U+0000")]
    [InlineData("train: 2026.4.0\0\ncomponents: []\n", 1, "U+0000")]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"a/**\"]\n    build: \"echo \u001b[31m\"\n", 5, "U+001B")]
    [InlineData("train: 2026.4.0\n\u0085\u0090components: []\n", 2, "U+0090")]
    public void Control_characters_are_refused_at_their_line(string yaml, int line, string named)
    {
        var error = Refused(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Valid + "---\ntrain: 2026.5.0\n", 5)]
    [InlineData(Valid + "...\n---\ncomponents: []\n", 6)]
    [InlineData("---\n" + Valid + "--- \n", 6)]
    public void A_second_document_is_refused_at_its_line(string yaml, int line)
    {
        var error = Refused(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains("second YAML document", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train: 2026.4.0\ncomponents:\n\t- name: a\n", 3)]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths:\n\t- a\n", 5)]
    [InlineData("train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"a/**\"]\n    build: |\n      make \tall\n  \t- name: b\n", 7)]
    public void A_tab_used_as_indentation_names_its_own_line(string yaml, int line)
    {
        var error = Refused(yaml);

        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void A_lone_document_start_and_a_byte_order_mark_still_load()
    {
        var path = Write([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("---\n" + Valid + "...\n")]);

        Assert.Equal("a", ManifestLoader.Load(path).Components[0].Name);
        var utf16 = Write([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Valid)]);
        Assert.Equal("a", ManifestLoader.Load(utf16).Components[0].Name);
    }

    [Theory]
    [InlineData("train: 2026.4.0\nenvironments: [Dev, #est, Staging, Production]\ncomponents:\n", 2)]
    [InlineData("train: 2026.4.0\nenvironments: [Dev, Test, Staging, Producti\nn]\n", 2)]
    [InlineData("train: 2026.4.0\ncomponents:\n    deployAfter: [ product-service, cart-service \n    packageId: OctoPetShop.Web\n", 3)]
    public void Input_the_yaml_parser_fails_on_without_a_yaml_error_is_a_manifest_error(string yaml, int line)
    {
        var error = Refused(yaml);

        Assert.Equal(line, error.Line);
        Assert.Contains("YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Any_mangled_manifest_loads_or_is_a_manifest_error(int seed)
    {
        var original = Encoding.UTF8.GetBytes(PetShopManifest.Yaml + "\nchannels:\n  - name: Default\n    versionRule: \"*.*.0.*\"\n");
        byte[] alphabet = [.. "[]{}:,-?!&*|>'\"#%@`\t\n\r \\/.0aZ"u8, 0x00, 0x80, 0xC3, 0xFF];
        var random = new Random(seed);
        for (var round = 0; round < 500; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--) bytes[random.Next(bytes.Length)] = alphabet[random.Next(alphabet.Length)];
            var path = Write(bytes);

            try
            {
                ManifestLoader.Load(path);
            }
            catch (ManifestException error)
            {
                Assert.Equal(path, error.File);
            }
        }
    }

    public static TheoryData<string> OldManifests() =>
    [
        "train: 2026.4.0\n? [a, b]\n: x\ncomponents: [{name: a, paths: [\"a/**\"]}]\n",
        "train: 2026.4.0\nglobalFiles: " + new string('[', 50_000) + new string(']', 50_000) + "\n",
        Bomb(10_000, 4_000),
        Valid + "---\nx: 1\n",
        "train: 2026.4.0\ncomponents:\n  - name: \"../..\"\n    paths: [\"a/**\"]\n",
        "train: 2026.4.0\ncomponents:\n  - name: a\n    paths: [\"[\"]\n",
        "\0",
        "a: &a [*a]\n",
    ];

    [Theory]
    [MemberData(nameof(OldManifests))]
    public void Affected_survives_any_manifest_at_the_base_commit(string old)
    {
        using var repo = new TempGitRepo().Write("octo-orchestrate.yaml", old).Write("a/f", "0");
        var baseCommit = repo.Commit("hostile manifest");
        repo.Write("octo-orchestrate.yaml", Valid).Write("a/f", "1");
        repo.Commit("fixed");

        var result = Monorepo.Load(workingDirectory: repo.Path).Affected(baseCommit);

        var a = Assert.Single(result.Components);
        Assert.Equal("a", a.Name);
        Assert.Contains(new AffectedReason(ReasonKind.File, "a/f"), a.Reasons);
    }
}
