using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli;

/// <summary>
/// The one way user data (file names, refs, messages, command output) reaches a terminal: secrets masked, and control
/// characters shown as escapes (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>) so a file name cannot recolour the screen, retitle the
/// window, hide text or reorder it (bidi overrides). <c>--json</c> escapes them as JSON does.
/// </summary>
internal static class Terminal
{
    /// <summary><paramref name="text"/> fit for a terminal; <paramref name="keepLineBreaks"/> for messages that are several lines on purpose.</summary>
    public static string Safe(string text, bool keepLineBreaks = false) => SafeText.ForTerminal(text, keepLineBreaks);
}
