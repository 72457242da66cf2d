using System.Text.Json;
using System.Text.Json.Serialization;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Cli;

/// <summary>The documents only the command line prints: named records, because anonymous types cannot be source-generated.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = Json.Create(CliJsonContext.Default);

    public static string Serialize<T>(T value) => Json.Serialize(value, Options);
}

/// <summary><c>{"error":{"code","message"}}</c>: what <c>--json</c> prints on stdout when a command fails.</summary>
internal sealed record ErrorDocument(ErrorBody Error);

internal sealed record ErrorBody(int Code, string Message);

/// <summary>The stages a <c>deploy</c> or <c>promote</c> ran.</summary>
internal sealed record StagesDocument(bool Succeeded, IReadOnlyList<StageResult> Stages);

/// <summary><c>status --json</c>: per deployable component, per environment, the current deployment (null: never deployed there).</summary>
internal sealed record StatusDocument(string StateDirectory, IReadOnlyList<string> Environments, IReadOnlyList<StatusRow> Components);

internal sealed record StatusRow(string Component, Dictionary<string, StatusCell?> Environments);

internal sealed record StatusCell(string? Version, string? DeploymentId, DateTimeOffset? CompletedAt, bool? InstallMissing, StatusLatest? Latest);

/// <summary>The newest deployment when it is not the current one (failed, running, canceled).</summary>
internal sealed record StatusLatest(string Version, string DeploymentId, DeploymentState State, string? Reason);

[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(StagesDocument))]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
