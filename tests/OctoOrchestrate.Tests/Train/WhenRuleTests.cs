using OctoOrchestrate.Promote.Plan;

namespace OctoOrchestrate.Tests.Train;

/// <summary>The one rule behind every plan action: each --when policy against a newer, the same and an older candidate.</summary>
public sealed class WhenRuleTests
{
    [Theory]
    // candidate newer than current: every policy deploys it
    [InlineData("2026.4.0.2", "2026.4.0.3", WhenPolicy.IfNewer, false, PlanAction.Deploy)]
    [InlineData("2026.4.0.2", "2026.4.0.10", WhenPolicy.IfNotCurrent, false, PlanAction.Deploy)]
    [InlineData("2026.4.0.2", "2026.5.0.1", WhenPolicy.Always, false, PlanAction.Deploy)]
    // the current one: only always redeploys it
    [InlineData("2026.4.0.2", "2026.4.0.2", WhenPolicy.IfNewer, false, PlanAction.SkipCurrent)]
    [InlineData("2026.4.0.2", "2026.4.0.2", WhenPolicy.IfNotCurrent, true, PlanAction.SkipCurrent)]
    [InlineData("2026.4.0.2", "2026.4.0.2", WhenPolicy.Always, false, PlanAction.Deploy)]
    // older: if-newer refuses unless downgrade is allowed; if-not-current and always deploy it, as a rollback
    [InlineData("2026.4.0.10", "2026.4.0.9", WhenPolicy.IfNewer, false, PlanAction.SkipNotNewer)]
    [InlineData("2026.4.0.10", "2026.4.0.9", WhenPolicy.IfNewer, true, PlanAction.Rollback)]
    [InlineData("2026.4.0.10", "2026.4.0.9", WhenPolicy.IfNotCurrent, false, PlanAction.Rollback)]
    [InlineData("2026.5.0.1", "2026.4.0.7", WhenPolicy.IfNotCurrent, false, PlanAction.Rollback)]
    [InlineData("2026.4.0.10", "2026.4.0.9", WhenPolicy.Always, false, PlanAction.Rollback)]
    public void Each_policy_decides_newer_current_and_older_candidates(string current, string candidate, WhenPolicy when, bool allowDowngrade, PlanAction expected)
    {
        var (action, reason) = WhenRule.Decide("api", "Staging", current, currentInstallMissing: false, candidate, when, allowDowngrade, pinned: false);

        Assert.Equal(expected, action);
        Assert.Contains(candidate, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WhenPolicy.IfNewer)]
    [InlineData(WhenPolicy.IfNotCurrent)]
    public void Nothing_current_or_a_missing_install_is_always_deployed(WhenPolicy when)
    {
        Assert.Equal(PlanAction.Deploy, WhenRule.Decide("api", "Staging", null, false, "2026.4.0.1", when, false, false).Action);
        Assert.Equal(PlanAction.Deploy, WhenRule.Decide("api", "Staging", "2026.4.0.1", true, "2026.4.0.1", when, false, false).Action);
    }

    [Fact]
    public void A_pinned_older_version_is_a_rollback_whatever_the_policy()
    {
        var (action, reason) = WhenRule.Decide("db", "Production", "2026.4.0.3", false, "2026.4.0.1", WhenPolicy.IfNewer, false, pinned: true);
        Assert.Equal(PlanAction.Rollback, action);
        Assert.Contains("pinned", reason, StringComparison.Ordinal);
    }
}
