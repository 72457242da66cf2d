using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Manifest;

/// <summary>The parsed <c>octo-orchestrate.yaml</c>. Paths inside it are relative to <see cref="Directory"/>.</summary>
public sealed record MonorepoManifest(
    string FilePath,
    string Train,
    IReadOnlyList<string> GlobalFiles,
    IReadOnlyList<string> Environments,
    IReadOnlyList<ChannelDefinition> Channels,
    IReadOnlyList<ComponentDefinition> Components)
{
    readonly IReadOnlyList<string> secrets = [];

    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>
    /// Environment variables (the manifest's <c>secrets:</c>) whose values never appear in logs or output. Setting it tells
    /// <see cref="SecretMasker"/>, so a manifest loaded any way (parsed, cached, built in code) masks its secrets.
    /// </summary>
    public IReadOnlyList<string> Secrets
    {
        get => secrets;
        init
        {
            secrets = value;
            SecretMasker.AddVariableNames(value);
        }
    }

    /// <summary>The manifest's <c>octopus:</c> block (server URL and space; never the key), or null.</summary>
    public OctopusSettings? Octopus { get; init; }

    public ComponentDefinition Component(string name) =>
        Components.FirstOrDefault(c => c.Name == name)
        ?? throw new BadInputException($"Unknown component '{name}'. Known components: {string.Join(", ", Components.Select(c => c.Name))}.");
}

/// <summary>One deployable (or library) folder of the monorepo. Commands are shell lines run from the manifest's folder.</summary>
public sealed record ComponentDefinition(
    string Name,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Uses,
    IReadOnlyList<string> DeployAfter,
    string PackageId,
    string Project,
    bool Deployable,
    string? Build,
    string? Deploy,
    string? Test,
    int Line);

/// <summary>Where the Octopus backend is, from the manifest; flags and OCTOPUS_URL / OCTOPUS_SPACE win over it.</summary>
public sealed record OctopusSettings(string? Server, string? Space);

/// <summary>A release channel. <see cref="VersionRule"/> is a wildcard version pattern such as <c>2026.4.1.*</c>; null accepts any version.</summary>
public sealed record ChannelDefinition(string Name, string? VersionRule, bool IsDefault);
