using OctoOrchestrate.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
