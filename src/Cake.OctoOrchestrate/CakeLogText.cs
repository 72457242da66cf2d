using System.Globalization;
using System.Text;
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

    public static string Safe(string text)
    {
        text = SecretMasker.Mask(text);
        if (!text.Any(IsUnsafe)) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsUnsafe(c)) escaped.Append(c);
            else escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }

        return escaped.ToString();
    }

    // C0/C1 controls and DEL (ESC, BEL, CSI...) and bidi controls; a tab is harmless.
    static bool IsUnsafe(char c) => c switch
    {
        '\t' => false,
        < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') => true,
        '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,
        _ => false,
    };
}
