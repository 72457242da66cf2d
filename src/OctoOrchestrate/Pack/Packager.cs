using OctoOrchestrate.Build;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Pack;

/// <summary>Turns a component's build output into <c>&lt;PackageId&gt;.&lt;version&gt;.zip</c> and its build information file.</summary>
public static class Packager
{
    public static async Task<PackedComponent> PackAsync(
        MonorepoManifest manifest,
        ComponentDefinition component,
        string version,
        string buildOutput,
        string? previousCommit,
        string head,
        SourceInfo source,
        CancellationToken cancellationToken = default)
    {
        var git = new Git(manifest.Directory);
        var packagePath = ArtifactPaths.Package(manifest, component.PackageId, version);
        DeterministicZip.Create(buildOutput, packagePath);

        var commits = await ComponentCommits.ReadAsync(git, component, previousCommit, head).ConfigureAwait(false);
        var information = new BuildInformation(
            component.PackageId,
            version,
            source.Branch,
            source.Ci.Name,
            source.Ci.BuildNumber ?? version.Split('.')[^1],
            source.Ci.BuildUrl,
            "Git",
            source.VcsRoot,
            head,
            commits.Select(c => new BuildInformationCommit(c.Id, c.Message, c.Author)).ToList());
        var informationPath = ArtifactPaths.BuildInformation(manifest, component.PackageId, version);
        await File.WriteAllTextAsync(informationPath, information.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
        return ToPacked(component.Name, packagePath, informationPath, information);
    }

    /// <summary>Reads back a package made earlier (a rerun on the same commit), from its build information file.</summary>
    public static PackedComponent Existing(MonorepoManifest manifest, ComponentDefinition component, string version)
    {
        var informationPath = ArtifactPaths.BuildInformation(manifest, component.PackageId, version);
        return ToPacked(component.Name, ArtifactPaths.Package(manifest, component.PackageId, version), informationPath, BuildInformation.Read(informationPath));
    }

    // Commit messages become release notes on the release server: a token pasted into one must not travel there.
    static PackedComponent ToPacked(string component, string packagePath, string informationPath, BuildInformation information) => new(
        component, information.PackageId, information.Version, packagePath, informationPath, information.VcsCommitNumber, SecretMasker.Mask(information.Branch),
        information.Commits.Select(c => new CommitInfo(c.Id, SecretMasker.Mask(c.Comment), SecretMasker.Mask(c.Author))).ToList());
}
