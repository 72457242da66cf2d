using OctoOrchestrate.Ports;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Pack;

/// <summary>Where the build comes from: branch, repository URL (without credentials) and the CI server.</summary>
public sealed record SourceInfo(string Branch, string? VcsRoot, CiEnvironment Ci)
{
    public static async Task<SourceInfo> ReadAsync(Git git, Func<string, string?> environment)
    {
        var ci = CiEnvironment.Detect(environment);
        var branch = ci.Branch ?? (await git.RunAsync("rev-parse", "--abbrev-ref", "HEAD").ConfigureAwait(false)).Trim();
        var remote = await git.TryRunAsync("remote", "get-url", "origin").ConfigureAwait(false);
        // A remote such as https://user:token@host/repo must not leak its token into a published file.
        return new SourceInfo(branch, remote.ExitCode == 0 ? UrlCredentials.WithoutCredentials(remote.StandardOutput.Trim()) : null, ci);
    }
}
