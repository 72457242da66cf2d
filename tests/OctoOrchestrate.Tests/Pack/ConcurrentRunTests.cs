using OctoOrchestrate.Build;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Pack;

public sealed class ConcurrentRunTests
{
    [Fact]
    public async Task Two_runs_on_one_checkout_take_turns_and_build_each_version_once()
    {
        using var repo = PackTrainRepo.Create(PackTrainRepo.Manifest.Replace(
            "build: cp -R worker/. \"$OO_OUTPUT/\"", "build: sleep 1 && cp -R worker/. \"$OO_OUTPUT/\""));

        var runs = await Task.WhenAll(PackTrainRepo.PackAsync(repo), PackTrainRepo.PackAsync(repo));

        Assert.All(runs, run => Assert.True(run.Succeeded));
        var statuses = runs.Select(run => run.Components.Single(c => c.Component == "worker").Status).Order().ToArray();
        Assert.Equal([ComponentStatus.Built, ComponentStatus.UpToDate], statuses);
        Assert.Equal("worker/2026.4.0.1", repo.Git("tag", "--list", "worker/*").Trim());
    }
}
