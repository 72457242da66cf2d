using System.CommandLine;

namespace OctoOrchestrate.Cli.Commands;

/// <summary>The <c>--tenant NAME|*</c> flag (Deploy/Tenants.cs says what it selects).</summary>
internal static class TenantOptions
{
    public static Option<string?> Tenant(string description) => new("--tenant") { Description = description };

    public const string DeployDescription =
        "Deploy for this tenant of the manifest's 'tenants:' ('*': every tenant connected to the environment). Untenanted components deploy once; " +
        "components the tenant does not get are skipped.";

    public const string PromoteDescription =
        "Promote for this tenant ('*': every tenant connected to --to; a train without --tenant covers them all). Untenanted components promote once; " +
        "components the tenant does not get are skipped.";

    public const string TrainDescription =
        "Plan only this tenant's rows ('*' or left out: every tenant connected to --to). Untenanted components are planned once.";
}
