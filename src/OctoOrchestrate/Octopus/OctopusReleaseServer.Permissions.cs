using OctoOrchestrate.Release;

namespace OctoOrchestrate.Octopus;

/// <summary>The Octopus user an API key belongs to (<c>GET /api/users/me</c>).</summary>
public sealed record OctopusUser(string Id, string Username, string? DisplayName);

/// <summary>
/// What the API key may do, as Octopus tells it (<c>check-permissions</c> with <c>--server</c>): on Octopus its own teams and roles decide,
/// not the manifest's <c>teams:</c>. The reference the backend follows documents no route listing a user's permissions, so the answer is
/// the key's user and, per release, the environments Octopus offers it now.
/// </summary>
public sealed partial class OctopusReleaseServer
{
    public async Task<OctopusUser> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var me = await client.CurrentUserAsync(cancellationToken).ConfigureAwait(false);
        return new OctopusUser(me.Id, me.Username, me.DisplayName);
    }

    /// <summary>
    /// The environments Octopus lets the key's user deploy <paramref name="release"/> to now: its deployment template's PromoteTo, which
    /// is the lifecycle's progress and the user's permissions together (an environment missing is one or the other).
    /// </summary>
    public async Task<IReadOnlyList<string>> GetDeployableEnvironmentsAsync(ReleaseInfo release, CancellationToken cancellationToken = default)
    {
        var space = (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Space.Id;
        var template = await client.DeploymentTemplateAsync(space, release.Id, cancellationToken).ConfigureAwait(false);
        return (template.PromoteTo ?? []).Select(e => e.Name).ToList();
    }
}
