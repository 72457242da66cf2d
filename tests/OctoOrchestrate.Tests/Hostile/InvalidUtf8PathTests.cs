using System.Diagnostics;
using System.Text.Json;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>File names that are not valid UTF-8 keep their bytes (as <c>\xNN</c>) instead of all becoming U+FFFD.</summary>
public sealed class InvalidUtf8PathTests : IDisposable
{
    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", "train: 2026.4.0\nenvironments: [ Dev ]\ncomponents:\n  - name: app\n    paths: [ \"app/**\" ]\n")
        .Write("app/readme.txt", "1");

    public InvalidUtf8PathTests() => repo.Commit("initial");

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Names_that_differ_only_in_invalid_bytes_stay_apart_in_json_and_tables()
    {
        // Linux file systems take any bytes; others (APFS, NTFS) refuse such names, so there is nothing to test there.
        if (!OperatingSystem.IsLinux()) return;
        Touch(@"app/bad\xff.txt", @"app/bad\xfe.txt", @"app/cut\xc3.txt", @"app/fine-\xc3\xa9.txt");
        repo.Commit("names that are not UTF-8");

        var json = await HostileCli.RunAsync(repo.Path, "affected", "--base", "HEAD~1", "--json");
        var table = await HostileCli.RunAsync(repo.Path, "affected", "--base", "HEAD~1", "--explain");

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        var paths = document.RootElement.GetProperty("components")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("path").GetString()).ToList();
        Assert.Equal([@"app/bad\xfe.txt", @"app/bad\xff.txt", @"app/cut\xc3.txt", "app/fine-é.txt"], paths.Order(StringComparer.Ordinal));
        Assert.DoesNotContain('\uFFFD', json.Out);
        Assert.Contains(@"app/bad\xff.txt", table.Out, StringComparison.Ordinal);
        Assert.Contains("app/fine-é.txt", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain/a.txt", "plain/a.txt")]
    [InlineData("\"app/bad\\377.txt\"", @"app/bad\xff.txt")]
    [InlineData("\"app/caf\\303\\251 \\\"q\\\" tab\\tend\"", "app/café \"q\" tab\tend")]
    [InlineData("\"app/\\303\"", @"app/\xc3")]
    [InlineData("\"app/\\360\\237\\230\\200.txt\"", "app/😀.txt")]
    public void Git_quoted_paths_unquote_to_exact_text(string quoted, string path) => Assert.Equal(path, ExactPaths.Unquote(quoted));

    void Touch(params string[] printfNames)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = repo.Path, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("for n in \"$@\"; do touch \"$(printf \"$n\")\"; done");
        start.ArgumentList.Add("touch-names");
        foreach (var name in printfNames) start.ArgumentList.Add(name);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
