using System.Text.Json.Serialization;

namespace OctoOrchestrate.Build;

[JsonConverter(typeof(JsonStringEnumConverter<ComponentStatus>))]
public enum ComponentStatus
{
    /// <summary>Built (and packed when deployable) in this run.</summary>
    Built,

    /// <summary>Its build or pack failed; see the log.</summary>
    Failed,

    /// <summary>Not built because a component it uses failed or was skipped.</summary>
    Skipped,

    /// <summary>HEAD already carries its version tag and its package exists: nothing to do.</summary>
    UpToDate,
}
