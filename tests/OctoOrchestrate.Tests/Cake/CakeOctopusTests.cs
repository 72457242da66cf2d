using Cake.OctoOrchestrate;
using OctoOrchestrate.OctopusSimulator;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Cake;

/// <summary>The aliases' Octopus settings reach the library as the CLI's --server/--space/--api-key-file do, against the simulator.</summary>
public sealed class CakeOctopusTests : IAsyncLifetime
{
    OctopusPetShop shop = null!;

    public async Task InitializeAsync() => shop = await OctopusPetShop.StartAsync();

    public async Task DisposeAsync() => await shop.DisposeAsync();

    [Fact]
    public void OctoStatus_reads_the_Octopus_dashboard_named_by_the_settings_with_the_key_from_a_file()
    {
        var context = new RecordingCakeContext(shop.Repo.Path);

        var status = context.OctoStatus(new OctoStatusSettings { OctopusServer = shop.Simulator.Url + "/api", OctopusSpace = "Default", OctopusApiKeyFile = shop.KeyFile });

        Assert.Empty(status); // nothing deployed yet, and no local state folder was opened instead
        Assert.Contains(shop.Simulator.Requests, r => r.Path == "/api/spaces" && r.Query.Contains("partialName=Default", StringComparison.Ordinal));
        Assert.Contains(shop.Simulator.Requests, r => OctopusSimulatorHost.RouteOf(r.Path) == "/api/{space}/dashboard/dynamic");
        Assert.False(File.Exists(Path.Combine(shop.Repo.Path, ".octo-orchestrate", "ledger.db")), "the embedded server was opened");
        Assert.DoesNotContain(context.RecordedLog.Lines, l => l.Text.Contains(OctopusPetShop.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void A_space_without_a_server_is_refused_naming_the_setting()
    {
        var context = new RecordingCakeContext(shop.Repo.Path);

        var error = Assert.Throws<BadInputException>(() => context.OctoStatus(new OctoStatusSettings { OctopusSpace = "Default" }));

        Assert.Contains("OctoStatusSettings.OctopusSpace", error.Message, StringComparison.Ordinal);
        Assert.Contains("OctopusServer", error.Message, StringComparison.Ordinal);
    }
}
