using System.Text.Encodings.Web;
using System.Text.Json;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Pack;

public sealed record BuildInformationCommit(string Id, string Comment, string Author);

/// <summary>
/// Octopus build information for one package (the <c>OctopusBuildInformation</c> body plus PackageId and Version), with the
/// commits since the component's previous version. No timestamps, so the same build gives the same file.
/// </summary>
public sealed record BuildInformation(
    string PackageId,
    string Version,
    string Branch,
    string BuildEnvironment,
    string BuildNumber,
    string? BuildUrl,
    string VcsType,
    string? VcsRoot,
    string VcsCommitNumber,
    IReadOnlyList<BuildInformationCommit> Commits)
{
    /// <summary>Octopus' own spelling: PascalCase (source-generated, so a Native AOT build writes it too).</summary>
    static readonly BuildInformationJsonContext Context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Published as is: secrets in commit messages, branch names or URLs are masked here.</summary>
    public string ToJson() => SecretMasker.Mask(JsonSerializer.Serialize(this, Context.BuildInformation));

    public static BuildInformation Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), Context.BuildInformation)
        ?? throw new BadInputException($"{path} is empty; delete it and run pack again.");
}
