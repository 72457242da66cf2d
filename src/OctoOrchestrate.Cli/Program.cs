using OctoOrchestrate.Cli;
using OctoOrchestrate.Detect;

DetectTimings.Mark("main");
return await CliApp.RunAsync(args).ConfigureAwait(false);
