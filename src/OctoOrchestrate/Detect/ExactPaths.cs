using System.Text;
using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Detect;

/// <summary>
/// File names that are not valid UTF-8 (possible on Linux): git's raw output decodes each bad byte to U+FFFD, which would
/// make two different files look the same. When that happens the names are read again quoted by git (<c>core.quotepath</c>,
/// octal escapes for every byte) and each byte that is not part of valid UTF-8 is written as the text <c>\xNN</c>, e.g.
/// <c>a/\xff.txt</c>: the exact bytes survive into <c>--json</c> and tables. Costs a second git process only for such names.
/// </summary>
internal static class ExactPaths
{
    public static bool LostBytes(string output) => output.Contains('\uFFFD', StringComparison.Ordinal);

    /// <summary>Runs git with quoted paths and returns its lines with every path unquoted, in the NUL-separated shape of <c>-z</c>.</summary>
    public static string RunQuoted(Git git, string[] arguments, bool nameStatus)
    {
        var output = git.Run(["-c", "core.quotepath=on", .. arguments.Where(a => a != "-z")]);
        var fields = new StringBuilder();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = nameStatus ? line.IndexOf('\t', StringComparison.Ordinal) : -1;
            if (nameStatus) fields.Append(line, 0, tab).Append('\0');
            fields.Append(Unquote(line[(tab + 1)..])).Append('\0');
        }

        return fields.ToString();
    }

    /// <summary>A path as git prints it with core.quotepath: plain, or in double quotes with C escapes and octal bytes.</summary>
    internal static string Unquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"') return quoted;
        var bytes = new List<byte>(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            var next = quoted[++i];
            if (next is >= '0' and <= '7')
            {
                bytes.Add((byte)Convert.ToInt32(quoted.Substring(i, 3), 8));
                i += 2;
                continue;
            }

            bytes.Add(next switch
            {
                'a' => 7, 'b' => 8, 't' => 9, 'n' => 10, 'v' => 11, 'f' => 12, 'r' => 13,
                _ => (byte)next,
            });
        }

        return Decode([.. bytes]);
    }

    /// <summary>UTF-8 where it is valid; each byte that is not, as <c>\xNN</c>.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                text.Append($"\\x{bytes[0]:x2}");
                bytes = bytes[1..];
            }
        }

        return text.ToString();
    }
}
