// The Octo Pet Shop's build in Cake, through the Cake.OctoOrchestrate add-in (README: "Cake").
//   dotnet cake build.cake                      the main job: ci
//   dotnet cake build.cake --target=Affected --base=origin/main
//   dotnet cake build.cake --target=Status
//   dotnet cake build.cake --target=Promote --from=Test --to=Staging
#addin nuget:?package=Cake.OctoOrchestrate&version=1.0.0&loaddependencies=true

var target = Argument("target", "Ci");

Task("Affected").Does(() =>
{
    var affected = OctoAffected(new OctoAffectedSettings { Base = Argument<string>("base", null) });
    Information("affected: {0}", string.Join(", ", affected.Components.Select(c => c.Name)));
});

Task("Ci").Does(() =>
{
    // Throws (the task fails, exit 1) when a build, deployment or test failed; a rerun does only what did not succeed.
    var result = OctoCi(new OctoCiSettings { BuildNumber = EnvironmentVariable("BUILD_NUMBER") });
    Information("released: {0}", string.Join(", ", result.Build.Packages.Select(p => p.PackageId + " " + p.Version)));
});

Task("Status").Does(() =>
{
    foreach (var entry in OctoStatus().Where(e => e.Current is not null))
        Information("current: {0} {1} {2}", entry.Component, entry.Environment, entry.Current.Version);
});

Task("Promote").Does(() =>
{
    var promoted = OctoPromote(new OctoPromoteSettings { From = Argument("from", "Test"), To = Argument("to", "Staging") });
    Information("promoted: {0}", string.Join(", ", promoted.Promotion.Components.Where(c => c.Succeeded).Select(c => c.Component)));
});

RunTarget(target);
