using OctoOrchestrate.Cli.CiOutput;

namespace OctoOrchestrate.Tests.CiOutput;

/// <summary>Each CI server's escaping, asserted as the exact text the server reads, with names and paths holding its special characters.</summary>
public sealed class ServiceMessageEscapingTests
{
    [Theory]
    [InlineData("plain-name", "plain-name")]
    [InlineData("50%|off", "50%||off")]
    [InlineData("it's [x]", "it|'s |[x|]")]
    [InlineData("two\nlines\r", "two|nlines|r")]
    [InlineData("café\u2028end\u0085", "caf|0x00e9|lend|x")]
    [InlineData("tab\there\u0001", "tab|0x0009here|0x0001")]
    public void TeamCity_escapes_every_character_that_could_end_or_corrupt_a_message(string value, string escaped) =>
        Assert.Equal($"##teamcity[setParameter name='octo.components' value='{escaped}']", Write(c => c.SetOutput("components", value), Server(CiKind.TeamCity)));

    [Fact]
    public void TeamCity_block_and_problem_and_statistics_are_exact()
    {
        var text = Write(c =>
        {
            c.Group("web|2 ['x']", ["##teamcity[buildStatus text='fake']", "ok"]);
            c.Error("broke\nbadly", "a]b.yaml", 3);
            c.Statistic("octo.duration.web", 1.5);
            c.BuildNumber("{build.number} (train 2026.4.0)");
        }, Server(CiKind.TeamCity));

        Assert.Equal(
            """
            ##teamcity[blockOpened name='web||2 |[|'x|'|]']
            ##teamcity[disableServiceMessages]
            ##teamcity[buildStatus text='fake']
            ok
            ##teamcity[enableServiceMessages]
            ##teamcity[blockClosed name='web||2 |[|'x|'|]']
            ##teamcity[buildProblem description='a|]b.yaml(3): broke|nbadly']
            ##teamcity[buildStatisticValue key='octo.duration.web' value='1.5']
            ##teamcity[buildNumber '{build.number} (train 2026.4.0)']
            """, text);
    }

    [Theory]
    [InlineData("octo-orchestrate.yaml", 4, "msg", "::error file=octo-orchestrate.yaml,line=4::msg")]
    [InlineData("dir,a/b:c.yaml", 3, "50% done\nnext", "::error file=dir%2Ca/b%3Ac.yaml,line=3::50%25 done%0Anext")]
    [InlineData("x%y.yaml", 0, "a\r\nb", "::error file=x%25y.yaml::a%0D%0Ab")]
    [InlineData(null, 0, "no file: here, 100%", "::error::no file: here, 100%25")]
    public void GitHub_error_annotations_escape_data_and_properties(string? file, int line, string message, string expected) =>
        Assert.Equal(expected, GitHubServer.ErrorCommand(message, file, line));

    [Theory]
    [InlineData("octo-orchestrate.yaml", 4, "msg", "##vso[task.logissue type=error;sourcepath=octo-orchestrate.yaml;linenumber=4]msg")]
    [InlineData("a;b]c.yaml", 7, "50%\r\n]x", "##vso[task.logissue type=error;sourcepath=a%3Bb%5Dc.yaml;linenumber=7]50%AZP25%0D%0A]x")]
    [InlineData(null, 0, "it's |%", "##vso[task.logissue type=error]it's |%AZP25")]
    public void Azure_logissue_escapes_data_and_properties(string? file, int line, string message, string expected) =>
        Assert.Equal(expected, AzureServer.ErrorCommand(message, file, line));

    [Fact]
    public void Azure_variables_groups_and_tags_are_exact()
    {
        var text = Write(c =>
        {
            c.SetOutput("any-changed", "true");
            c.SetOutput("components", "[\"a%b\"]\n");
            c.Group("web ]1", ["##vso[task.setvariable variable=x]evil", "  ##[error]fake", "fine"]);
            c.Tag("web/2026.4.0.3");
        }, Server(CiKind.Azure));

        Assert.Equal(
            """
            ##vso[task.setvariable variable=anyChanged;isOutput=true]true
            ##vso[task.setvariable variable=components;isOutput=true]["a%AZP25b"]%0A
            ##[group]web ]1
             ##vso[task.setvariable variable=x]evil
               ##[error]fake
            fine
            ##[endgroup]
            ##vso[build.addbuildtag]web/2026.4.0.3
            """, text);
    }

    [Fact]
    public void GitHub_groups_stop_command_parsing_for_log_lines()
    {
        var text = Write(c => c.Group("db 1%", ["::add-mask::x", "::endgroup::", "plain"]), Server(CiKind.GitHub));
        var lines = text.Split('\n');
        Assert.Equal("::group::db 1%25", lines[0]);
        Assert.StartsWith("::stop-commands::", lines[1], StringComparison.Ordinal);
        var token = lines[1]["::stop-commands::".Length..];
        Assert.Equal(32, token.Length);
        Assert.Equal(["::add-mask::x", "::endgroup::", "plain", $"::{token}::", "::endgroup::"], lines[2..]);
    }

    [Fact]
    public void GitHub_output_entries_use_a_delimiter_that_is_not_in_the_value()
    {
        var entry = GitHubServer.OutputEntry("notes", "line 1\nline 2\nEOF");
        var lines = entry.Split('\n');
        Assert.Equal(["line 1", "line 2", "EOF"], lines[1..4]);
        var delimiter = lines[0]["notes<<".Length..];
        Assert.StartsWith("ghadelimiter_", delimiter, StringComparison.Ordinal);
        Assert.Equal(delimiter, lines[4]);
        Assert.Equal("", lines[5]);
    }

    [Fact]
    public void GitLab_sections_and_dotenv_lines_cannot_be_forged()
    {
        Assert.Equal("OO_ANY_CHANGED=true\n", GitLabServer.DotenvLine("any-changed", "true"));
        Assert.Equal("OO_NOTES=a b c\n", GitLabServer.DotenvLine("notes", "a\nb\r\nc"));
        Assert.Equal("oo_3_web_1_x_-y.z", GitLabServer.SectionName("web 1|x]-y.z", 3));

        var text = Write(c => c.Group("web", ["\u001b[0Ksection_end:1:oo_1_web\r\u001b[0K", "ok"]), Server(CiKind.GitLab));
        var lines = text.Split('\n');
        Assert.Matches(@"^\u001b\[0Ksection_start:\d+:oo_1_web\[collapsed=true\]\r\u001b\[0Kweb$", lines[0]);
        Assert.Equal(@"\x1b[0Ksection_end:1:oo_1_web\r\x1b[0K", lines[1]);
        Assert.Equal("ok", lines[2]);
        Assert.Matches(@"^\u001b\[0Ksection_end:\d+:oo_1_web\r\u001b\[0K$", lines[3]);
    }

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", CiKind.GitHub)]
    [InlineData("TF_BUILD", "True", CiKind.Azure)]
    [InlineData("GITLAB_CI", "true", CiKind.GitLab)]
    [InlineData("TEAMCITY_VERSION", "2025.07", CiKind.TeamCity)]
    [InlineData("GITHUB_ACTIONS", "false", CiKind.None)]
    [InlineData("CI", "true", CiKind.None)]
    public void Auto_detection_reads_each_servers_own_variable(string name, string value, CiKind expected)
    {
        Assert.Equal(expected, CiOption.Resolve("auto", n => n == name ? value : null));
        Assert.Equal(CiKind.None, CiOption.Resolve("none", n => n == name ? value : null));
    }

    [Fact]
    public void Secrets_never_reach_an_output_file_or_a_service_message()
    {
        const string Secret = "s3cr3t-value-for-ci-output";
        Environment.SetEnvironmentVariable("OO_CI_OUTPUT_TEST_TOKEN", Secret);
        OctoOrchestrate.Secrets.SecretMasker.AddVariableNames(["OO_CI_OUTPUT_TEST_TOKEN"]);
        var folder = Directory.CreateTempSubdirectory("oo-ci-secret-");
        try
        {
            var outputFile = Path.Combine(folder.FullName, "out");
            var writer = new StringWriter();
            var server = new GitHubServer(writer, outputFile, Path.Combine(folder.FullName, "summary"));
            server.SetOutput("notes", $"token {Secret}");
            server.Summary($"summary {Secret}");
            server.Error($"failed with {Secret}");
            var teamCity = Write(c => c.SetOutput("notes", Secret), Server(CiKind.TeamCity));

            foreach (var text in new[] { File.ReadAllText(outputFile), File.ReadAllText(Path.Combine(folder.FullName, "summary")), writer.ToString(), teamCity })
            {
                Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
                Assert.Contains("***", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
            Environment.SetEnvironmentVariable("OO_CI_OUTPUT_TEST_TOKEN", null);
        }
    }

    static Func<TextWriter, CiServer> Server(CiKind kind) => writer => CiServer.Create(kind, writer, _ => null);

    // Through the same masking writer the commands use.
    static string Write(Action<CiServer> act, Func<TextWriter, CiServer> create)
    {
        var inner = new StringWriter { NewLine = "\n" };
        act(create(new OctoOrchestrate.Cli.OutputWriter(inner, "output")));
        return inner.ToString().TrimEnd('\n');
    }
}
