using System.Text.Json;
using System.Text.Json.Serialization;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Deploy;
using OctoOrchestrate.Detect;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Pack;
using OctoOrchestrate.Pipeline;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;
using OctoOrchestrate.Version;

namespace OctoOrchestrate;

/// <summary>
/// Compile-time serializers for every result the library prints as JSON. There is no reflection fallback: Native AOT has
/// none, so the JIT build must not have one either, or a type missing here would print <c>{}</c> only in the AOT binary.
/// A type serialized through <see cref="Json"/> must be listed here (or in the CLI's own context).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(AffectedResult))]
[JsonSerializable(typeof(VersionPlan))]
[JsonSerializable(typeof(BuildTrainResult))]
[JsonSerializable(typeof(CiResult))]
[JsonSerializable(typeof(StageResult))]
[JsonSerializable(typeof(IReadOnlyList<StageResult>))]
[JsonSerializable(typeof(TrainPlan))]
[JsonSerializable(typeof(PlanVote))]
[JsonSerializable(typeof(TrainSnapshot))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(NotifyEvent))]
[JsonSerializable(typeof(TrainNotification))]
internal sealed partial class JsonContext : JsonSerializerContext;

/// <summary>Octopus' own spelling of build information: PascalCase, as the Octopus API reads it.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BuildInformation))]
internal sealed partial class BuildInformationJsonContext : JsonSerializerContext;
