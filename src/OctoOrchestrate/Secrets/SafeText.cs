using System.Globalization;
using System.Text;

namespace OctoOrchestrate.Secrets;

/// <summary>
/// User data (file names, refs, messages, command output) made fit for a terminal or a build log: secrets masked, and control
/// characters shown as escapes (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>) so a file name cannot recolour the screen, retitle the
/// window, hide text or reorder it (bidi overrides). The CLI (Terminal) and the Cake add-in (CakeLogText) both write through it.
/// </summary>
internal static class SafeText
{
    /// <summary><paramref name="text"/> fit for a terminal; <paramref name="keepLineBreaks"/> for messages that are several lines on purpose.</summary>
    public static string ForTerminal(string text, bool keepLineBreaks = false)
    {
        text = SecretMasker.Mask(text);
        var firstUnsafe = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i], keepLineBreaks)) { firstUnsafe = i; break; }
        }

        if (firstUnsafe < 0) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, firstUnsafe);
        for (var i = firstUnsafe; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c, keepLineBreaks)) escaped.Append(c);
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

    static bool IsUnsafe(char c, bool keepLineBreaks) => c switch
    {
        '\n' => !keepLineBreaks,
        '\t' => false, // harmless, and command output is full of it
        // C0 and C1 controls and DEL (ESC, BEL, CSI...), and the bidi controls.
        < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') => true,
        '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,
        _ => false,
    };
}
