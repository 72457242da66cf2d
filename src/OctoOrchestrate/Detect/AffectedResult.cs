using System.Text.Json.Serialization;

namespace OctoOrchestrate.Detect;

/// <summary>Why a component is in the affected set.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReasonKind>))]
public enum ReasonKind
{
    /// <summary>A file the component owns changed (<see cref="AffectedReason.Path"/>).</summary>
    [JsonStringEnumMemberName("file")]
    File,

    /// <summary>A component it uses (directly or transitively) is affected (<see cref="AffectedReason.Component"/>).</summary>
    [JsonStringEnumMemberName("uses")]
    Uses,

    /// <summary>A global file changed (<see cref="AffectedReason.Path"/>).</summary>
    [JsonStringEnumMemberName("global")]
    Global,

    /// <summary>The component has never been released (no tag, no release): everything is new.</summary>
    [JsonStringEnumMemberName("new")]
    New,

    /// <summary>The component's own entry in the manifest (<see cref="AffectedReason.Path"/>) is new or changed: build, deploy, test, paths, ….</summary>
    [JsonStringEnumMemberName("manifest")]
    Manifest,
}

public sealed record AffectedReason(
    ReasonKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Path = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Component = null)
{
    public override string ToString() => Kind switch
    {
        ReasonKind.File => $"changed {Path}",
        ReasonKind.Global => $"global file {Path}",
        ReasonKind.Uses => $"uses {Component}",
        ReasonKind.Manifest => $"its entry in {Path} changed",
        _ => "never released",
    };
}

public sealed record AffectedComponent(string Name, IReadOnlyList<AffectedReason> Reasons);

/// <summary>The answer of <c>affected</c>: components in dependency order, each once, with every reason.</summary>
public sealed record AffectedResult(
    string Base,
    string Head,
    string BaseReason,
    IReadOnlyList<AffectedComponent> Components,
    IReadOnlyList<string> Removed)
{
    public bool Contains(string component) => Components.Any(c => c.Name == component);
}
