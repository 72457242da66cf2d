using System.Text.Json;
using OctoOrchestrate.OctopusSimulator;

namespace OctoOrchestrate.Tests.Train.Scenarios;

/// <summary>
/// The REST calls of a 4-component train promotion Test → Staging on the Octopus simulator, as our client counts them (--json's
/// octopusRequests) and as the server saw them. benchmarks/octopus-train-requests.sh runs this test with OO_BENCH_OUT set to write
/// the figure for BENCHMARKS.md. Counts requests, never times.
/// </summary>
public sealed class OctopusTrainRequestCountTests
{
    [Fact]
    public async Task A_four_component_promotion_to_Staging_costs_a_bounded_number_of_requests_all_counted()
    {
        await using var bed = await OctopusTrainBed.StartAsync();
        await bed.AllAsync("2026.4.0.1", "Test");
        var before = bed.Simulator.Requests.Count;

        var promote = await bed.CliAsync("promote", "--to", "Staging", "--json");

        Assert.True(promote.ExitCode == 0, promote.Error + promote.Out);
        var seen = bed.Simulator.Requests.Skip(before).ToList();
        var json = TrainWorkspace.Json(promote);
        var requests = json.GetProperty("octopusRequests");
        var total = requests.GetProperty("total").GetInt32();
        var byRoute = requests.GetProperty("byRoute").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(seen.Count, total); // the client's counter is what the server saw
        Assert.Equal(4, byRoute["POST /api/{space}/deployments/create/untenanted/v1"]);
        Assert.DoesNotContain(byRoute.Keys, r => r.Contains("releases/create", StringComparison.Ordinal) || r.Contains("packages", StringComparison.Ordinal));
        Assert.All(TrainBed.All, c => Assert.Equal(["2026.4.0.1"], bed.Deployed("Staging", c)));
        var polls = seen.Count(r => r.Method == "GET" && OctopusSimulatorHost.RouteOf(r.Path) == "/api/{space}/tasks" && r.Query.Contains("ids=", StringComparison.Ordinal));
        Assert.True(total - polls <= 10 * 4, $"{total - polls} requests besides the task polls for 4 components");

        if (Environment.GetEnvironmentVariable("OO_BENCH_OUT") is { Length: > 0 } file)
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { total, taskReads = polls, byRoute }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
