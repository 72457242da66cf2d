using System.Diagnostics;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Build;

/// <summary>What to build: a component of the manifest and the version its build is stamped with.</summary>
public sealed record BuildRequest(string Component, string Version);

public sealed record BuildOutcome(string Component, string Version, ComponentStatus Status, string OutputDirectory, string LogPath, TimeSpan Duration, string? Error);

/// <summary>
/// Builds components with their <c>build</c> commands in dependency order: each starts once every predecessor in the set is done,
/// at most <c>maxParallelism</c> at a time. A failure skips the components that use it (transitively); the others finish.
/// </summary>
public static class ComponentBuilder
{
    public static async Task<IReadOnlyList<BuildOutcome>> BuildAsync(
        MonorepoManifest manifest,
        IReadOnlyList<BuildRequest> requests,
        string head,
        int? maxParallelism = null,
        IProgress<string>? progress = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var run = NewRunId();
        var wanted = requests.ToDictionary(r => r.Component);
        using var slots = new SemaphoreSlim(Math.Max(1, maxParallelism ?? Environment.ProcessorCount));
        var tasks = new Dictionary<string, Task<BuildOutcome>>();

        // Created in dependency order, so every predecessor's task exists when a component's task is made.
        var ordered = ManifestGraph.Order(manifest).Where(c => wanted.ContainsKey(c.Name)).ToList();
        foreach (var component in ordered)
        {
            var predecessors = ManifestGraph.Predecessors(component).Where(wanted.ContainsKey).Select(p => tasks[p]).ToList();
            tasks[component.Name] = Task.Run(() => AfterAsync(component, predecessors), cancellationToken);
        }

        async Task<BuildOutcome> AfterAsync(ComponentDefinition component, List<Task<BuildOutcome>> predecessors)
        {
            var done = await Task.WhenAll(predecessors).ConfigureAwait(false);
            var request = wanted[component.Name];
            var output = ArtifactPaths.BuildOutput(manifest, component.Name, run);
            var log = ArtifactPaths.Log(manifest, component.Name, "build");
            var broken = done.FirstOrDefault(o => o.Status is ComponentStatus.Failed or ComponentStatus.Skipped && component.Uses.Contains(o.Component));
            if (broken is not null)
            {
                progress?.Report($"{component.Name}: skipped, it uses {broken.Component} which {(broken.Status == ComponentStatus.Failed ? "failed" : "was skipped")}");
                return new BuildOutcome(component.Name, request.Version, ComponentStatus.Skipped, output, log, TimeSpan.Zero, $"uses {broken.Component}, which did not build");
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await BuildOneAsync(manifest, component, request.Version, head, output, log, progress, timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        return await Task.WhenAll(ordered.Select(c => tasks[c.Name])).ConfigureAwait(false);
    }

    static async Task<BuildOutcome> BuildOneAsync(
        MonorepoManifest manifest, ComponentDefinition component, string version, string head, string output, string log,
        IProgress<string>? progress, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        OrphanedBuilds.Clear(ArtifactPaths.BuildRuns(manifest, component.Name), output, component.Name, progress);
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        Directory.CreateDirectory(output);
        if (string.IsNullOrWhiteSpace(component.Build))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            await File.WriteAllTextAsync(log, "# no build command: the package holds what the pack step finds in OO_OUTPUT (nothing)\n", cancellationToken).ConfigureAwait(false);
            return new BuildOutcome(component.Name, version, ComponentStatus.Built, output, log, stopwatch.Elapsed, null);
        }

        progress?.Report($"{component.Name}: building {version}");
        var environment = CommandEnvironment.For(manifest, component.Name, version, head);
        environment["OO_OUTPUT"] = output;
        using var timeoutSource = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        if (timeout is { } limit) timeoutSource.CancelAfter(limit);
        ProcessResult result;
        try
        {
            result = await ShellCommand.RunAsync(component.Build, manifest.Directory, environment, log, linked.Token, group => GroupFile.Record(OrphanedBuilds.GroupFile(output), group))
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var timedOut = $"build of {component.Name} timed out after {timeout!.Value.TotalSeconds:0}s (--build-timeout) and was stopped; last lines of {log}:\n{ShellCommand.Tail(log)}";
            progress?.Report($"{component.Name}: build timed out after {timeout.Value.TotalSeconds:0}s; log {log}");
            return new BuildOutcome(component.Name, version, ComponentStatus.Failed, output, log, stopwatch.Elapsed, timedOut);
        }
        finally
        {
            GroupFile.Delete(OrphanedBuilds.GroupFile(output));
        }

        if (result.ExitCode == 0)
        {
            progress?.Report($"{component.Name}: built in {result.Duration.TotalSeconds:0.0}s");
            return new BuildOutcome(component.Name, version, ComponentStatus.Built, output, log, stopwatch.Elapsed, null);
        }

        var error = $"build of {component.Name} failed ({result.ExitDescription}); last lines of {log}:\n{ShellCommand.Tail(log)}";
        progress?.Report($"{component.Name}: build failed ({result.ExitDescription}) after {result.Duration.TotalSeconds:0.0}s; log {log}");
        return new BuildOutcome(component.Name, version, ComponentStatus.Failed, output, log, stopwatch.Elapsed, error);
    }

    /// <summary>Names this run's output folders: sortable by time, unique per process.</summary>
    static string NewRunId() =>
        $"{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fff", System.Globalization.CultureInfo.InvariantCulture)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
