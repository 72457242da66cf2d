using System.Text.Json;
using OctoOrchestrate.Cli.Graph;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.CiOutput;

/// <summary><c>graph</c> on the pet shop: waves, both kinds of edge, and the components changed since --base highlighted.</summary>
public sealed class GraphCommandTests : IDisposable
{
    readonly TempGitRepo repo = PetShopManifest.CreateRepo();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Json_lists_waves_edges_and_the_changed_components()
    {
        var baseCommit = repo.Head;
        repo.Append("services/cart/Program.cs").Commit("cart");

        var run = await CliRun.RunAsync(repo.Path, "graph", "--format", "json", "--base", baseCommit);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var waves = json.RootElement.GetProperty("waves").EnumerateArray().Select(w => w.EnumerateArray().Select(n => n.GetString()!).ToArray()).ToList();
        Assert.Equal([["shared-contracts", "database"], ["product-service", "cart-service"], ["web"]], waves);
        var edges = json.RootElement.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()}->{e.GetProperty("to").GetString()}:{e.GetProperty("kind").GetString()}").ToList();
        Assert.Contains("shared-contracts->product-service:uses", edges);
        Assert.Contains("database->cart-service:deployAfter", edges);
        Assert.Contains("product-service->web:uses", edges);
        Assert.Contains("cart-service->web:deployAfter", edges);
        var changed = json.RootElement.GetProperty("components").EnumerateArray().Where(c => c.GetProperty("changed").GetBoolean()).Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["cart-service"], changed);
    }

    [Fact]
    public async Task Mermaid_and_dot_mark_what_changed_and_nothing_without_a_base()
    {
        var baseCommit = repo.Head;
        repo.Append("shared/contracts/Product.cs").Commit("contracts");

        var mermaid = await CliRun.RunAsync(repo.Path, "graph", "--base", baseCommit);
        var dot = await CliRun.RunAsync(repo.Path, "graph", "--format", "dot", "--base", baseCommit);
        var plain = await CliRun.RunAsync(repo.Path, "graph");

        Assert.StartsWith("flowchart LR\n", mermaid.Out, StringComparison.Ordinal);
        Assert.Contains("  n0 -->|uses| n2\n", mermaid.Out, StringComparison.Ordinal);
        Assert.Contains("  n3 -.->|deploy after| n4\n", mermaid.Out, StringComparison.Ordinal);
        Assert.Contains("  class n0,n2,n3,n4 changed\n", mermaid.Out, StringComparison.Ordinal); // shared-contracts and every user of it
        Assert.DoesNotContain(" changed\n", plain.Out.Replace("classDef changed", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("digraph train {", dot.Out, StringComparison.Ordinal);
        Assert.Contains("\"cart-service\" -> \"web\" [label=\"deploy after\", style=dashed];", dot.Out, StringComparison.Ordinal);
        Assert.Contains("\"web\" [style=\"rounded,filled,bold\"", dot.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"database\" [style=\"rounded,filled", dot.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\"b", "a#34;b")]
    [InlineData("x]`y|z", "x#93;#96;y#124;z")]
    [InlineData("<img>&#", "#60;img#62;#38;#35;")]
    [InlineData("line\nbreak", "line break")]
    public void Mermaid_labels_cannot_end_the_label_or_the_markdown_fence(string name, string label) =>
        Assert.Equal(label, GraphFormats.MermaidLabel(name));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("two\nlines\u0007", "\"two\\nlines\"")]
    public void Dot_strings_are_quoted_and_escaped(string name, string quoted) => Assert.Equal(quoted, GraphFormats.DotString(name));

    [Fact]
    public async Task An_unknown_format_is_bad_input()
    {
        var run = await CliRun.RunAsync(repo.Path, "graph", "--format", "svg");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("svg", run.Error, StringComparison.Ordinal);
    }
}
