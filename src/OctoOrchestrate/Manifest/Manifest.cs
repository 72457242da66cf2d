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

    /// <summary>Per environment, the groups that must each approve a promotion to it (<c>- name: Production  approvals: [QA]</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Approvals { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The manifest's <c>tenants:</c> (Deploy/Tenants.cs: who gets which component where); empty = nothing is tenanted.</summary>
    public IReadOnlyList<TenantDefinition> Tenants { get; init; } = [];

    public IReadOnlyList<string> ApprovalsFor(string environment) =>
        Approvals.FirstOrDefault(a => string.Equals(a.Key, environment, StringComparison.OrdinalIgnoreCase)).Value ?? [];

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
    int Line)
{
    /// <summary>How the component takes part in a train promotion (testIn, rollback, onDeployFailed).</summary>
    public TrainSettings Train { get; init; } = TrainSettings.None;
}

/// <summary>
/// <see cref="TestIn"/>: destination environments where the component's <c>test</c> runs after its wave. <see cref="RollForward"/>
/// (<c>rollback: roll-forward</c>): a rollback never takes it back (a database whose migrations cannot be undone).
/// <see cref="OnDeployFailed"/>: a shell line run after a failed deployment of it, with the OO_* variables.
/// </summary>
public sealed record TrainSettings(IReadOnlyList<string> TestIn, bool RollForward, string? OnDeployFailed)
{
    public static TrainSettings None { get; } = new([], false, null);

    public bool TestsIn(string environment) => TestIn.Contains(environment, StringComparer.OrdinalIgnoreCase);

    // By value: a manifest read from the cache must equal the one parsed (lists compare by content).
    public bool Equals(TrainSettings? other) =>
        other is not null && RollForward == other.RollForward && OnDeployFailed == other.OnDeployFailed && TestIn.SequenceEqual(other.TestIn);

    public override int GetHashCode() => HashCode.Combine(RollForward, OnDeployFailed, TestIn.Count);
}

/// <summary>Where the Octopus backend is, from the manifest; flags and OCTOPUS_URL / OCTOPUS_SPACE win over it.</summary>
public sealed record OctopusSettings(string? Server, string? Space);

/// <summary>A release channel. <see cref="VersionRule"/> is a wildcard version pattern such as <c>2026.4.1.*</c>; null accepts any version.</summary>
public sealed record ChannelDefinition(string Name, string? VersionRule, bool IsDefault);
