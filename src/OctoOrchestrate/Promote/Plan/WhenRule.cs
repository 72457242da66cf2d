using OctoOrchestrate.Release;

namespace OctoOrchestrate.Promote.Plan;

/// <summary>
/// The one place that decides, per component, whether the candidate goes over what is current in the destination:
/// <c>--when if-newer</c> (default) deploys a newer candidate only; <c>if-not-current</c> any candidate other than the current one, an older
/// one included (Octopus's "Deploy a Release" <c>IfNotCurrentVersion</c>, the Deploy Child template's Promote mode); <c>always</c> also
/// redeploys the current one. An older candidate is deployed only when asked (<c>--when if-not-current</c>/<c>always</c>,
/// <c>--allow-downgrade</c> or a pinned <c>--version</c>), and then the plan calls it a rollback.
/// </summary>
public static class WhenRule
{
    public static (PlanAction Action, string Reason) Decide(
        string component, string environment, string? current, bool currentInstallMissing, string candidate, WhenPolicy when, bool downgradeAllowed, bool pinned)
    {
        if (current is null) return (PlanAction.Deploy, $"nothing is deployed to {environment} yet");
        if (currentInstallMissing) return (PlanAction.Deploy, $"{current} is current in {environment} but its install folder is gone");
        var order = VersionPattern.Compare(candidate, current);
        if (order == 0)
            return when == WhenPolicy.Always ? (PlanAction.Deploy, $"{candidate} is current; --when always redeploys it")
                : (PlanAction.SkipCurrent, $"{candidate} is already current in {environment}");
        if (order > 0)
            return (PlanAction.Deploy, $"{candidate} is newer than {current}");
        var askedBy = pinned ? "pinned with --version" : downgradeAllowed ? "--allow-downgrade"
            : when == WhenPolicy.IfNotCurrent ? "--when if-not-current deploys what is not current"
            : when == WhenPolicy.Always ? "--when always deploys it" : null;
        return askedBy is not null
            ? (PlanAction.Rollback, $"{candidate} is older than {current}; {askedBy}")
            : (PlanAction.SkipNotNewer, $"{candidate} is older than {current} in {environment}; pass --allow-downgrade or --version {component}={candidate} to roll back");
    }
}
