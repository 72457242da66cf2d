using OctoOrchestrate.Manifest;

namespace OctoOrchestrate.Tests.Train;

/// <summary>The manifest keys of the train: environment approvals, testIn, rollback, onDeployFailed.</summary>
public sealed class TrainManifestTests
{
    const string Valid = """
        train: 2026.4.0
        environments:
          - Dev
          - name: Staging
          - name: Production
            approvals: [ QA, Business Owner ]
        components:
          - name: database
            paths: [ "database/**" ]
            test: "true"
            rollback: roll-forward
            testIn: [ staging ]
          - name: api
            paths: [ "api/**" ]
            onDeployFailed: echo failed
        """;

    [Fact]
    public void Environments_may_be_names_or_mappings_with_approvals_and_components_carry_their_train_settings()
    {
        var manifest = ManifestLoader.Parse(Valid, "/repo/octo-orchestrate.yaml");

        Assert.Equal(["Dev", "Staging", "Production"], manifest.Environments);
        Assert.Equal(["QA", "Business Owner"], manifest.ApprovalsFor("production"));
        Assert.Empty(manifest.ApprovalsFor("Staging"));
        Assert.True(manifest.Component("database").Train.RollForward);
        Assert.True(manifest.Component("database").Train.TestsIn("Staging"));
        Assert.False(manifest.Component("api").Train.RollForward);
        Assert.Equal("echo failed", manifest.Component("api").Train.OnDeployFailed);
    }

    [Fact]
    public void The_manifest_cache_keeps_the_train_settings()
    {
        var manifest = ManifestLoader.Parse(Valid, "/repo/octo-orchestrate.yaml");
        var file = Path.GetTempFileName();
        try
        {
            ManifestCacheFormat.Write(file, [1], [2], manifest);
            var cached = ManifestCacheFormat.TryRead(file, [1], [2], manifest.FilePath)!;

            Assert.Equal(manifest.ApprovalsFor("Production"), cached.ApprovalsFor("Production"));
            Assert.Equal(manifest.Components.Select(c => c.Train), cached.Components.Select(c => c.Train), new TrainSettingsComparer());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("testIn: [ staging ]", "testIn: [ Prod ]", "'testIn: Prod'")]
    [InlineData("rollback: roll-forward", "rollback: never", "'rollback: never'")]
    [InlineData("approvals: [ QA, Business Owner ]", "approvals: [ QA, qa ]", "approval group 'QA'")]
    [InlineData("approvals: [ QA, Business Owner ]", "approval: [ QA ]", "Unknown key 'approval'")]
    [InlineData("  - name: Staging", "  - { approvals: [ QA ] }", "needs a 'name'")]
    [InlineData("    test: \"true\"\n", "", "no 'test' command")]
    public void Mistakes_are_reported_with_file_line_and_fix(string replace, string with, string expected)
    {
        var text = Valid.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Valid, text);

        var error = Assert.ThrowsAny<ManifestException>(() => ManifestLoader.Parse(text, "/repo/octo-orchestrate.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    sealed class TrainSettingsComparer : IEqualityComparer<TrainSettings>
    {
        public bool Equals(TrainSettings? x, TrainSettings? y) =>
            x!.RollForward == y!.RollForward && x.OnDeployFailed == y.OnDeployFailed && x.TestIn.SequenceEqual(y.TestIn);

        public int GetHashCode(TrainSettings obj) => obj.RollForward.GetHashCode();
    }
}
