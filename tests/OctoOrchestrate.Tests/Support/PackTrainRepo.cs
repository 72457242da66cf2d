using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Tests.Support;

/// <summary>A small monorepo whose build commands are one-line bash scripts, for the version, build and pack tests.</summary>
public static class PackTrainRepo
{
    public const string Manifest = """
        train: 2026.4.0
        components:
          - name: lib
            paths: [ "lib/**" ]
            deployable: false
            build: cp -R lib/. "$OO_OUTPUT/"
          - name: api
            paths: [ "api/**", "!api/**/*.md" ]
            uses: [ lib ]
            packageId: Acme.Api
            build: cp -R api/. "$OO_OUTPUT/" && echo "$OO_VERSION" > "$OO_OUTPUT/version.txt"
          - name: worker
            paths: [ "worker/**" ]
            packageId: Acme.Worker
            build: cp -R worker/. "$OO_OUTPUT/"
        """;

    public static TempGitRepo Create(string manifest = Manifest)
    {
        var repo = new TempGitRepo()
            .Write(".gitignore", "artifacts/\n")
            .Write("octo-orchestrate.yaml", manifest)
            .Write("lib/Lib.cs", "class Lib {}")
            .Write("api/Program.cs", "// api")
            .Write("api/sub/data.json", "{}")
            .Write("worker/run.sh", "echo work");
        repo.Commit("initial");
        return repo;
    }

    /// <summary>No CI variables, whatever machine runs the tests.</summary>
    public static Func<string, string?> NoEnvironment { get; } = _ => null;

    public static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    public static Task<BuildTrainResult> PackAsync(TempGitRepo repo, BuildTrainOptions? options = null) =>
        BuildTrain.RunAsync(Monorepo.Load(workingDirectory: repo.Path), (options ?? new BuildTrainOptions()) with
        {
            EnvironmentVariables = options?.EnvironmentVariables ?? NoEnvironment,
        });

    public static async Task<Dictionary<string, string>> VersionsAsync(TempGitRepo repo, BuildTrainOptions? options = null)
    {
        var plan = await BuildTrain.PlanAsync(Monorepo.Load(workingDirectory: repo.Path), (options ?? new BuildTrainOptions()) with
        {
            EnvironmentVariables = options?.EnvironmentVariables ?? NoEnvironment,
        });
        return plan.Components.ToDictionary(c => c.Component, c => c.Version);
    }
}
