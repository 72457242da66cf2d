using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Tests.Support;
using Xunit.Abstractions;

namespace OctoOrchestrate.Tests.Octopus;

/// <summary>
/// The request budget, counted by the simulator (every request, retries included): a 4-component main job, a rerun with nothing
/// new, and one changed service. The counts by route go to the test output; BENCHMARKS.md quotes them.
/// </summary>
public sealed class OctopusRequestBudgetTests(ITestOutputHelper output) : IAsyncLifetime
{
    OctopusPetShop shop = null!;

    public async Task InitializeAsync() => shop = await OctopusPetShop.StartAsync();

    public async Task DisposeAsync() => await shop.DisposeAsync();

    async Task<List<RecordedRequest>> CountedRunAsync(string name)
    {
        var before = shop.Simulator.Requests.Count;
        var run = await shop.RunAsync("ci");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var sent = shop.Simulator.Requests.Skip(before).ToList();
        output.WriteLine($"{name}: {sent.Count} requests");
        foreach (var route in sent.GroupBy(r => $"{r.Method} {OctopusSimulatorHost.RouteOf(r.Path)}").OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {route.Count(),3} {route.Key}");
        return sent;
    }

    static int Polls(List<RecordedRequest> sent) => sent.Count(r => OctopusSimulatorHost.RouteOf(r.Path) == "/api/{space}/tasks");

    [Fact]
    public async Task First_run_rerun_and_one_change_stay_within_the_budget()
    {
        var first = await CountedRunAsync("first run");
        var rerun = await CountedRunAsync("rerun, nothing new");
        shop.Repo.Append("cart-service/Program.cs", "\n// discounts");
        shop.Repo.Commit("cart: discounts");
        var changed = await CountedRunAsync("one service changed");

        // ~10 per component plus polling (the issue); a rerun reads a constant handful whatever the number of components.
        Assert.True(first.Count - Polls(first) <= 10 * 4, $"the first run sent {first.Count - Polls(first)} requests besides polling");
        Assert.True(rerun.Count <= 6, $"the rerun sent {rerun.Count}");
        Assert.DoesNotContain(rerun, r => r.Method != "GET");
        Assert.True(changed.Count - Polls(changed) <= rerun.Count + 10, $"one change sent {changed.Count - Polls(changed)} requests besides polling");
    }
}
