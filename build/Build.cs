using OctoOrchestrate.Cli;

// Targets are the CLI's commands, and each runs what it depends on (pack runs affected, version and build first).
// Without a target it runs the main job, `ci`, on the Octo Pet Shop sample with the embedded local release server.
var explicitTarget = args.Length > 0 && !args[0].StartsWith('-');
var target = explicitTarget ? args[0] : "ci";

List<string> rest = [.. args.Skip(explicitTarget ? 1 : 0)];
if (!rest.Contains("--manifest"))
    rest.AddRange(["--manifest", Path.Combine((string)AppContext.GetData("RepositoryRoot")!, "sample-monorepo")]);
return await CliApp.RunAsync([target, .. rest]);
