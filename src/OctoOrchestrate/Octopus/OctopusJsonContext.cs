using System.Text.Json;
using System.Text.Json.Serialization;

namespace OctoOrchestrate.Octopus;

/// <summary>
/// Compile-time serializers for every body sent to and read from Octopus, in Octopus' PascalCase, names read case-insensitively.
/// No reflection fallback: a type missing here fails in every build, not only in the Native AOT binary.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(OctopusErrorBody))]
[JsonSerializable(typeof(PushBuildInformationRequest))]
[JsonSerializable(typeof(CreateReleaseRequest))]
[JsonSerializable(typeof(CreateDeploymentRequest))]
[JsonSerializable(typeof(SubmitInterruptionRequest))]
[JsonSerializable(typeof(CreateTenantedDeploymentRequest))]
[JsonSerializable(typeof(List<TenantResource>))]
[JsonSerializable(typeof(List<SpaceResource>))]
[JsonSerializable(typeof(SpaceResource))]
[JsonSerializable(typeof(UserResource))]
[JsonSerializable(typeof(DeploymentTemplateResource))]
[JsonSerializable(typeof(LifecycleResource))]
[JsonSerializable(typeof(List<LifecycleResource>))]
[JsonSerializable(typeof(List<ProjectResource>))]
[JsonSerializable(typeof(List<ChannelResource>))]
[JsonSerializable(typeof(List<EnvironmentResource>))]
[JsonSerializable(typeof(ReleaseResource))]
[JsonSerializable(typeof(PackageResource))]
[JsonSerializable(typeof(CreateReleaseResponse))]
[JsonSerializable(typeof(CreateDeploymentResponse))]
[JsonSerializable(typeof(DeploymentResource))]
[JsonSerializable(typeof(TaskResource))]
[JsonSerializable(typeof(DashboardResource))]
[JsonSerializable(typeof(InterruptionResource))]
[JsonSerializable(typeof(ResourceCollection<SpaceResource>))]
[JsonSerializable(typeof(ResourceCollection<ProjectResource>))]
[JsonSerializable(typeof(ResourceCollection<ChannelResource>))]
[JsonSerializable(typeof(ResourceCollection<ReleaseResource>))]
[JsonSerializable(typeof(ResourceCollection<DeploymentResource>))]
[JsonSerializable(typeof(ResourceCollection<TaskResource>))]
[JsonSerializable(typeof(ResourceCollection<InterruptionResource>))]
internal sealed partial class OctopusJsonContext : JsonSerializerContext;
