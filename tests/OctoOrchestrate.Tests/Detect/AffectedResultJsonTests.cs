using OctoOrchestrate.Detect;

namespace OctoOrchestrate.Tests.Detect;

public sealed class AffectedResultJsonTests
{
    [Fact]
    public void Writes_the_same_text_as_the_serializer_for_every_reason_kind_and_escape()
    {
        var result = new AffectedResult(
            "0123456789abcdef0123456789abcdef01234567",
            "fedcba9876543210fedcba9876543210fedcba98",
            "--base \"origin/main\" <&> é \\ \t",
            [
                new AffectedComponent("api", [new AffectedReason(ReasonKind.File, "services/api/Ünïcode \"quoted\".cs"), new AffectedReason(ReasonKind.Global, "Directory.Build.props")]),
                new AffectedComponent("web", [new AffectedReason(ReasonKind.Uses, Component: "api")]),
                new AffectedComponent("new-one", [new AffectedReason(ReasonKind.New)]),
                new AffectedComponent("empty", []),
            ],
            ["gone-a", "gone-<b>"]);

        Assert.Equal(Json.Serialize(result), AffectedResultJson.Serialize(result));
    }

    [Fact]
    public void Writes_empty_lists_as_the_serializer_does()
    {
        var result = new AffectedResult("a", "b", "c", [], []);

        Assert.Equal(Json.Serialize(result), AffectedResultJson.Serialize(result));
    }

    [Fact]
    public void Names_every_reason_kind_as_the_serializer_does()
    {
        foreach (var kind in Enum.GetValues<ReasonKind>())
        {
            var result = new AffectedResult("a", "b", "c", [new AffectedComponent("x", [new AffectedReason(kind)])], []);
            Assert.Equal(Json.Serialize(result), AffectedResultJson.Serialize(result));
        }
    }

    [Fact]
    public void Writes_plain_results_without_the_json_writer_and_identically_to_it()
    {
        var result = new AffectedResult(
            "0123456789abcdef0123456789abcdef01234567",
            "fedcba9876543210fedcba9876543210fedcba98",
            "merge-base of HEAD and origin/main",
            [
                new AffectedComponent("api", [new AffectedReason(ReasonKind.File, "services/api/Program.cs"), new AffectedReason(ReasonKind.Global, "global.json")]),
                new AffectedComponent("web", [new AffectedReason(ReasonKind.Uses, Component: "api")]),
                new AffectedComponent("empty", []),
            ],
            ["gone"]);

        Assert.Equal(Json.Serialize(result), AffectedResultPlainJson.TrySerialize(result));
        Assert.Equal(Json.Serialize(result), AffectedResultJson.SerializeEscaped(result));
    }

    [Theory]
    [InlineData("quote\"")]
    [InlineData("back\\slash")]
    [InlineData("tab\t")]
    [InlineData("é")]
    [InlineData("del\u007f")]
    public void Leaves_strings_that_need_escaping_to_the_json_writer(string text)
    {
        var result = new AffectedResult("a", "b", "c", [new AffectedComponent("x", [new AffectedReason(ReasonKind.File, text)])], []);

        Assert.Null(AffectedResultPlainJson.TrySerialize(result));
        Assert.Equal(Json.Serialize(result), AffectedResultJson.Serialize(result));
    }
}
