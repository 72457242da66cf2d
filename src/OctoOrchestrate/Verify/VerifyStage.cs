using OctoOrchestrate.Deploy;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Release;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Verify;

/// <summary><see cref="LogDirectory"/> default: <c>artifacts/logs</c> beside the manifest. <see cref="Timeout"/> per test command.</summary>
public sealed record VerifyOptions(string? LogDirectory = null, TimeSpan? Timeout = null)
{
    /// <summary>Receives a line as each component's test starts and ends.</summary>
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// Runs each component's <c>test</c> command against its current deployment in an environment (same variables as deploy), in dependency
/// order, one at a time because tests of one environment may share its state. No test command = passed with the note "no test".
/// </summary>
public static class VerifyStage
{
    public static async Task<StageResult> VerifyAsync(
        IReleaseServer server,
        MonorepoManifest manifest,
        string environment,
        IEnumerable<string> components,
        VerifyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new VerifyOptions();
        var started = DateTimeOffset.UtcNow;
        environment = await DeployStage.CheckEnvironmentAsync(server, environment, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<ComponentOutcome>();
        foreach (var component in ManifestGraph.Order(manifest).Where(c => components.Contains(c.Name) && c.Deployable))
        {
            options.Progress?.Report($"{component.Name}: testing in {environment}");
            var outcome = await VerifyOneAsync(server, manifest, component, environment, options, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report($"{component.Name}: tests {outcome.Outcome.ToString().ToLowerInvariant()}{(outcome.Reason is null ? "" : $" ({outcome.Reason})")}");
            outcomes.Add(outcome);
        }
        return new StageResult("verify", environment, started, DateTimeOffset.UtcNow, outcomes);
    }

    static async Task<ComponentOutcome> VerifyOneAsync(IReleaseServer server, MonorepoManifest manifest, ComponentDefinition component, string environment, VerifyOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var current = await server.GetCurrentDeploymentAsync(component.Name, environment, cancellationToken).ConfigureAwait(false);
        if (current is null)
            return new ComponentOutcome(component.Name, null, Outcome.Failed, $"nothing of {component.Name} is deployed to {environment}", started, DateTimeOffset.UtcNow);
        if (component.Test is null)
            return new ComponentOutcome(component.Name, current.Version, Outcome.Passed, "no test", started, DateTimeOffset.UtcNow, current.Id);

        var release = await server.FindReleaseAsync(component.Name, current.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
        var logDirectory = options.LogDirectory ?? Path.Combine(manifest.Directory, "artifacts", "logs");
        Directory.CreateDirectory(logDirectory);
        var logPath = ContainedPath.Under(logDirectory, $"{component.Name}.test-{environment}.log");
        var variables = ComponentShell.DeployVariables(component.Name, current.Version, environment, release?.PackagePath ?? "",
            current.InstallDirectory ?? "", current.EnvironmentDirectory ?? "", manifest.Directory, release?.GitCommit ?? "");
        foreach (var (name, value) in server.TestVariables(component.Name)) variables[name] = value;

        // A test left running by a killed run (kill -9) must not run beside this one against the same install.
        var groupFile = logPath + GroupFile.Extension;
        if (GroupFile.EndLeftover(groupFile) is { } orphan)
            options.Progress?.Report($"{component.Name}: ended a test left running by a killed run (process group {orphan})");
        using var timeout = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        if (options.Timeout is { } limit) timeout.CancelAfter(limit);
        await using var log = new StreamWriter(logPath) { AutoFlush = true };
        await log.WriteLineAsync(SecretMasker.Mask($"> {component.Test}")).ConfigureAwait(false);
        try
        {
            var result = await ComponentShell.RunAsync(component.Test, manifest.Directory, variables, line => { lock (log) log.WriteLine(line); }, linked.Token,
                group => GroupFile.Record(groupFile, group)).ConfigureAwait(false);
            return result.ExitCode == 0
                ? new ComponentOutcome(component.Name, current.Version, Outcome.Passed, null, started, DateTimeOffset.UtcNow, current.Id, logPath)
                : new ComponentOutcome(component.Name, current.Version, Outcome.Failed, $"the test command {result.ExitDescription}; see {logPath}", started, DateTimeOffset.UtcNow, current.Id, logPath);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ComponentOutcome(component.Name, current.Version, Outcome.TimedOut, $"the test command ran longer than {options.Timeout}", started, DateTimeOffset.UtcNow, current.Id, logPath);
        }
        finally
        {
            GroupFile.Delete(groupFile);
        }
    }
}
