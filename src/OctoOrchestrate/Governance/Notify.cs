using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OctoOrchestrate.Manifest;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Governance;

/// <summary>
/// Runs the manifest's <c>notify:</c> lines for an event. Each gets the event as JSON in a file (<c>OO_EVENT_FILE</c>) and
/// <c>OO_EVENT</c>, <c>OO_ACTOR</c>, <c>OO_MANIFEST_DIR</c> plus the caller's OO_* variables. A notifier that fails, hangs past its
/// timeout or cannot start is a warning: notifications never fail a train.
/// </summary>
public static class Notify
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs every notifier listening to <paramref name="eventName"/>; returns the warnings (also passed to <paramref name="warn"/>).</summary>
    /// <param name="payload">What happened (the plan, the promotion, the rollback): serialized as <c>payload</c> in the event file.</param>
    /// <param name="variables">Extra variables, e.g. OO_ENVIRONMENT, OO_PLAN; names must start with OO_.</param>
    public static async Task<IReadOnlyList<string>> RaiseAsync(
        MonorepoManifest manifest, string eventName, JsonNode? payload, Actor? actor = null, IReadOnlyDictionary<string, string>? variables = null,
        Action<string>? warn = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!GovernancePolicy.Events.Contains(eventName, StringComparer.Ordinal))
            throw new ArgumentException($"Unknown event '{eventName}'. Events: {string.Join(", ", GovernancePolicy.Events)}.", nameof(eventName));
        if (variables?.Keys.FirstOrDefault(k => !k.StartsWith("OO_", StringComparison.Ordinal)) is { } foreign)
            throw new ArgumentException($"Notifier variable '{foreign}' must start with OO_.", nameof(variables));
        var notifiers = GovernancePolicy.For(manifest).Notifiers.Where(n => n.On.Count == 0 || n.On.Contains(eventName, StringComparer.Ordinal)).ToList();
        if (notifiers.Count == 0) return [];

        var folder = Directory.CreateTempSubdirectory("oo-notify-");
        var warnings = new List<string>();
        try
        {
            var eventFile = Path.Combine(folder.FullName, "event.json");
            var document = new NotifyEvent(eventName, DateTimeOffset.UtcNow, actor?.Name, actor?.Source, payload);
            await File.WriteAllTextAsync(eventFile, Json.Serialize(document), cancellationToken).ConfigureAwait(false);
            var environment = new Dictionary<string, string?>
            {
                ["OO_EVENT"] = eventName,
                ["OO_EVENT_FILE"] = eventFile,
                ["OO_ACTOR"] = actor?.Name,
                ["OO_MANIFEST_DIR"] = manifest.Directory,
            };
            foreach (var (name, value) in variables ?? new Dictionary<string, string>()) environment[name] = value;

            for (var i = 0; i < notifiers.Count; i++)
            {
                var notifier = notifiers[i];
                var log = Path.Combine(folder.FullName, $"notifier-{i + 1}.log");
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(timeout ?? DefaultTimeout);
                string? problem;
                try
                {
                    var result = await ShellCommand.RunAsync(notifier.Run, manifest.Directory, environment, log, limit.Token).ConfigureAwait(false);
                    problem = result.ExitCode == 0 ? null : $"{result.ExitDescription}: {ShellCommand.Tail(log, 5).Trim()}";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    problem = $"still running after {(timeout ?? DefaultTimeout).TotalSeconds:0}s; ended";
                }
                catch (OctoOrchestrateException ex)
                {
                    problem = ex.Message;
                }

                if (problem is null) continue;
                var warning = $"warning: notifier at {manifest.FilePath}({notifier.Line}) for {eventName} failed ({problem}); the train goes on";
                warnings.Add(warning);
                warn?.Invoke(warning);
            }
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A notifier that left a process writing there: the temp folder is cleaned by the system later.
            }
        }

        return warnings;
    }
}

/// <summary>The event file a notifier reads (<c>OO_EVENT_FILE</c>): <c>{"event","at","actor","actorSource","payload"}</c>.</summary>
internal sealed record NotifyEvent([property: JsonPropertyName("event")] string Event, DateTimeOffset At, string? Actor, string? ActorSource, JsonNode? Payload);
