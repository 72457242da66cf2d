namespace OctoOrchestrate.OctopusSimulator;

/// <summary>
/// A tenant (§ Tenants): <see cref="ProjectEnvironments"/> = project id → the environment ids it is connected to for that project,
/// as Octopus's TenantResource holds them. Only a connected (project, environment) may get a tenanted deployment.
/// </summary>
public sealed class SimTenant : ISpaceDocument
{
    public required string Id { get; init; }
    public required string SpaceId { get; init; }
    public required string Name { get; init; }
    public Dictionary<string, List<string>> ProjectEnvironments { get; init; } = [];

    public bool Connected(string projectId, string environmentId) =>
        ProjectEnvironments.TryGetValue(projectId, out var environments) && environments.Contains(environmentId);
}

public sealed partial class SimState
{
    public List<SimTenant> Tenants { get; } = [];

    /// <summary>A tenant connected to each named project in each named environment of the default space.</summary>
    public SimTenant AddTenant(string name, IEnumerable<string> projectNames, IEnumerable<string> environmentNames)
    {
        lock (Gate)
        {
            var space = DefaultSpace;
            var environments = environmentNames.Select(e => Environments.Single(x => x.SpaceId == space.Id && x.Name == e).Id).ToList();
            var tenant = new SimTenant
            {
                Id = NextId("Tenants"), SpaceId = space.Id, Name = name,
                ProjectEnvironments = projectNames.ToDictionary(p => Projects.Single(x => x.SpaceId == space.Id && x.Name == p).Id, _ => environments.ToList()),
            };
            Tenants.Add(tenant);
            return tenant;
        }
    }
}
