using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

/// <summary>
/// How a deployment ended, written beside its log (<c>&lt;log&gt;.outcome</c>) before the ledger is updated. If the process dies or the
/// ledger stays locked before the ledger write lands, recovery records this outcome instead of "the process is gone".
/// </summary>
internal static class DeploymentOutcomeFile
{
    public static string PathFor(string logPath) => logPath + ".outcome";

    /// <summary>Best effort: when even this cannot be written (a full disk), the ledger write is still attempted.</summary>
    public static void Write(string logPath, DeploymentState state, string? reason)
    {
        var path = PathFor(logPath);
        var temporary = StaleTemporaryFiles.NameFor(path);
        try
        {
            File.WriteAllText(temporary, state + "\n" + (reason ?? ""));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StaleTemporaryFiles.TryDelete(temporary);
        }
    }

    public static (DeploymentState State, string? Reason)? Read(string? logPath)
    {
        if (logPath is null || !File.Exists(PathFor(logPath))) return null;
        try
        {
            var text = File.ReadAllText(PathFor(logPath));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0 || !Enum.TryParse<DeploymentState>(text[..newline], out var state) || !state.IsCompleted()) return null;
            var reason = text[(newline + 1)..];
            return (state, reason.Length == 0 ? null : reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
