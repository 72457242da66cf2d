using System.Text;
using OctoOrchestrate.Secrets;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// Secrets never appear in output: a real ci run whose commands print secrets every way they can (echo, env, a failing build's
/// last lines, a URL, a commit message, the remote), then every file it wrote and both streams are searched for them.
/// </summary>
public sealed class SecretMaskingTests : IDisposable
{
    const string Manifest = """
        train: 2026.4.0
        environments: [ Dev, Test ]
        secrets: [ DB_CONN, RELEASE_MULTI ]
        components:
          - name: app
            paths: [ "app/**" ]
            build: echo "build $DB_CONN $GITHUB_TOKEN"; printf '%s\n' "$RELEASE_MULTI"; cp -R app/. "$OO_OUTPUT/"
            deploy: echo "deploy $DB_CONN $db_password"; echo "$SERVICE_PRIVATE_KEY"; echo "fetch https://ci:$GITHUB_TOKEN@git.example.com/r.git?private_token=$DB_CONN&page=2"
            test: echo "test $DB_CONN $PLAIN_VALUE"; env | sort; exit 3
          - name: broken
            paths: [ "broken/**" ]
            build: echo "about to fail with $GITHUB_TOKEN and $db_password"; env | grep -i -e token -e passw; exit 7
        """;

    // Each secret holds a distinctive part that must never show up anywhere.
    static readonly Dictionary<string, string?> Secrets = new()
    {
        ["DB_CONN"] = "Server=db;Password=conn-Secret-4711",                       // listed under secrets:
        ["RELEASE_MULTI"] = "multi-secret-value-5150",                              // listed; the name alone would not tell
        ["GITHUB_TOKEN"] = "ghp_FAKE0123456789abcdef",                              // *TOKEN*
        ["db_password"] = "pw\"quote\\slash-8812",                                  // *PASSWORD*, lower case, JSON-special characters
        ["SERVICE_PRIVATE_KEY"] = "-----BEGIN KEY-----\nLINE1-abcdefgh\nLINE2-ijklmnop\n-----END KEY-----", // several lines
        ["SHORT_TOKEN"] = "abc",                                                    // below the minimum length: not masked
        ["PLAIN_VALUE"] = "visible-value-1234",                                     // not a secret
    };

    static readonly string[] Leaks = ["conn-Secret-4711", "multi-secret-value-5150", "ghp_FAKE0123456789abcdef", "slash-8812", "LINE1-abcdefgh", "LINE2-ijklmnop", "ftp-pass-7777"];

    readonly TempGitRepo repo = new TempGitRepo()
        .Write(".gitignore", "artifacts/\n.octo-orchestrate/\n")
        .Write("octo-orchestrate.yaml", Manifest)
        .Write("app/index.html", "<h1>app</h1>")
        .Write("broken/x.c", "int x;");

    public SecretMaskingTests()
    {
        repo.Commit("initial");
        repo.Append("app/index.html").Commit("rotate the token ghp_FAKE0123456789abcdef (oops)");
        repo.Git("remote", "add", "origin", "ftp://deploy:ftp-pass-7777@files.example.com/r.git?access_token=ghp_FAKE0123456789abcdef");
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task No_secret_reaches_a_log_the_ledger_build_information_the_console_or_json()
    {
        var plain = await HostileCli.RunAsync(repo.Path, Secrets, "ci");
        var cacheEntry = OctoOrchestrate.Manifest.ManifestCache.EntryFor(OctoOrchestrate.Manifest.ManifestCache.DefaultRoot()!, Path.Combine(repo.Path, "octo-orchestrate.yaml"));
        Assert.True(File.Exists(cacheEntry), "the second run reads secrets: from the cache");
        var json = await HostileCli.RunAsync(repo.Path, Secrets, "ci", "--json");
        var status = await HostileCli.RunAsync(repo.Path, Secrets, "status", "--json");

        Assert.Equal(ExitCodes.Failed, plain.ExitCode);
        Assert.Contains("about to fail with *** and ***", plain.Error, StringComparison.Ordinal);
        var written = WrittenFiles().ToList();
        Assert.Contains(written, f => f.Contains("test-Dev", StringComparison.Ordinal));
        Assert.Contains(written, f => f.EndsWith(".buildinfo.json", StringComparison.Ordinal));
        Assert.Contains(written, f => f.Contains(".octo-orchestrate", StringComparison.Ordinal) && f.EndsWith(".log", StringComparison.Ordinal));
        foreach (var leak in Leaks)
        {
            foreach (var (name, text) in new[] { ("ci stdout", plain.Out), ("ci stderr", plain.Error), ("ci --json stdout", json.Out), ("ci --json stderr", json.Error), ("status --json", status.Out) })
                Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{leak} in {name}:\n{text}");
            var utf8 = Encoding.UTF8.GetBytes(leak);
            foreach (var file in written)
                Assert.False(File.ReadAllBytes(file).AsSpan().IndexOf(utf8) >= 0, $"{leak} in {file}:\n{File.ReadAllText(file)}");
        }
    }

    [Fact]
    public async Task Masked_lines_keep_everything_but_the_secret()
    {
        await HostileCli.RunAsync(repo.Path, Secrets, "ci");

        var build = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "logs", "app.build.log"));
        var test = File.ReadAllText(Path.Combine(repo.Path, "artifacts", "logs", "app.test-Dev.log"));
        var deploy = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(repo.Path, ".octo-orchestrate"), "app.*.log", SearchOption.AllDirectories).Single());
        var buildInformation = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(repo.Path, "artifacts", "packages"), "app.*.buildinfo.json").Single());
        Assert.Contains("build *** ***", build, StringComparison.Ordinal);
        Assert.Contains("***\n", build, StringComparison.Ordinal);
        Assert.Contains("test *** visible-value-1234", test, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN=***", test, StringComparison.Ordinal);
        Assert.Contains("SHORT_TOKEN=abc", test, StringComparison.Ordinal); // documented: shorter than 4 characters is not masked
        Assert.Contains("deploy *** ***", deploy, StringComparison.Ordinal);
        Assert.Contains("fetch https://***@git.example.com/r.git?private_token=***&page=2", deploy, StringComparison.Ordinal);
        Assert.Contains("\"VcsRoot\": \"ftp://files.example.com/r.git\"", buildInformation, StringComparison.Ordinal);
        Assert.Contains("rotate the token *** (oops)", buildInformation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secrets: [ \"db password\" ]", 3)]
    [InlineData("secrets: [ \"$TOKEN\" ]", 3)]
    [InlineData("secrets: [ \"hunter2=x\" ]", 3)]
    public async Task A_secrets_entry_that_is_not_a_variable_name_is_exit_2_with_its_line(string secrets, int line)
    {
        repo.Write("octo-orchestrate.yaml", $"train: 2026.4.0\nenvironments: [ Dev ]\n{secrets}\ncomponents:\n  - name: app\n    paths: [ \"app/**\" ]\n");

        var outcome = await HostileCli.RunAsync(repo.Path, "affected");

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Contains($"octo-orchestrate.yaml({line})", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("secrets", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh://git:s3cret-pw@host/r.git", "ssh://host/r.git")]
    [InlineData("ftp://u:s3cret-pw@host/r", "ftp://host/r")]
    [InlineData("https://host/r.git?access_token=s3cret-pw", "https://host/r.git")]
    [InlineData("https://host/r.git?ref=main&private_token=s3cret-pw#top", "https://host/r.git?ref=main#top")]
    [InlineData("https://x-access-token:s3cret-pw@github.com/acme/mono.git", "https://github.com/acme/mono.git")]
    [InlineData("https://s3cret-pw@dev.azure.com/acme/_git/mono", "https://dev.azure.com/acme/_git/mono")]
    [InlineData("ssh://git@github.com/acme/mono.git", "ssh://git@github.com/acme/mono.git")]
    [InlineData("git@github.com:acme/mono.git", "git@github.com:acme/mono.git")]
    public void Published_urls_lose_their_credentials_for_every_scheme(string url, string published) =>
        Assert.Equal(published, UrlCredentials.WithoutCredentials(url));

    [Theory]
    [InlineData("cloning https://bot:s3cret-pw@host/r.git now", "cloning https://***@host/r.git now")]
    [InlineData("GET /api?api_key=s3cret-pw&page=2 200", "GET /api?api_key=***&page=2 200")]
    [InlineData("sftp://admin:s3cret-pw@10.0.0.1:22/", "sftp://***@10.0.0.1:22/")]
    [InlineData("https://host/path?sig=s3cret-pw", "https://host/path?sig=***")]
    [InlineData("plain text, no url: a=b&c=d", "plain text, no url: a=b&c=d")]
    public void Urls_in_any_printed_line_are_masked(string line, string masked) => Assert.Equal(masked, SecretMasker.Mask(line));

    [Theory]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("aws_secret_access_key", true)]
    [InlineData("NUGET_API_KEY", true)]
    [InlineData("Octopus-ApiKey", true)]
    [InlineData("DB_PASSWD", true)]
    [InlineData("GOOGLE_APPLICATION_CREDENTIALS", true)]
    [InlineData("PATH", false)]
    [InlineData("PWD", false)]
    [InlineData("OO_VERSION", false)]
    public void Names_that_look_secret(string name, bool secret) => Assert.Equal(secret, SecretMasker.LooksSecret(name));

    IEnumerable<string> WrittenFiles() =>
        new[] { "artifacts", ".octo-orchestrate" }.Select(f => Path.Combine(repo.Path, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories));
}
