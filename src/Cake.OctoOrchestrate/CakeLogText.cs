using Cake.Core.Diagnostics;
using OctoOrchestrate.Secrets;

namespace Cake.OctoOrchestrate;

/// <summary>
/// Every line this add-in writes goes through here: secrets masked (as the CLI does), control characters written as escapes so a
/// hostile file name or command output cannot drive the terminal, and passed as an argument, never as the format string
/// (Cake's log formats its first argument, so a '{' in a component's output would throw).
/// </summary>
internal static class CakeLogText
{
    public static void Information(ICakeLog log, string text) => log.Information(Verbosity.Normal, "{0}", Safe(text));

    public static void Warning(ICakeLog log, string text) => log.Warning(Verbosity.Quiet, "{0}", Safe(text));

    public static void Error(ICakeLog log, string text) => log.Error(Verbosity.Quiet, "{0}", Safe(text));

    /// <summary>As the CLI writes it: secrets masked, every control character (line breaks too) as an escape.</summary>
    public static string Safe(string text) => SafeText.ForTerminal(text);
}
