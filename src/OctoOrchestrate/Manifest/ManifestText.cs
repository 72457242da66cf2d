using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace OctoOrchestrate.Manifest;

/// <summary>
/// The manifest's bytes to text, strictly: invalid UTF-8 and characters YAML does not allow (NUL, other control characters)
/// are errors at their line rather than silently turned into U+FFFD or cutting the document short.
/// </summary>
internal static class ManifestText
{
    /// <summary>UTF-8 (a byte order mark is skipped); UTF-16 and UTF-32 when a byte order mark says so, as File.ReadAllText does.</summary>
    public static string Decode(byte[] bytes, string file)
    {
        var (encoding, skip) = bytes switch
        {
            [0xFF, 0xFE, 0, 0, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
            [0, 0, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding?)null, 3),
            _ => (null, 0),
        };
        if (encoding is not null)
        {
            try
            {
                return encoding.GetString(bytes, skip, bytes.Length - skip);
            }
            catch (DecoderFallbackException)
            {
                throw new ManifestException(file, 0, $"The manifest is not valid {encoding.EncodingName} although its byte order mark says so. Save it as UTF-8.");
            }
        }

        var source = bytes.AsSpan(skip);
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(source.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(source, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
                throw new ManifestException(file, LineAt(source[..read]), $"Byte 0x{source[read]:X2} is not valid UTF-8. Save the manifest as UTF-8 (it may have been written as Latin-1 or Windows-1252).");
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Refuses the characters YAML excludes from a document (it reads NUL as the end of the text).</summary>
    public static void CheckCharacters(string text, string file)
    {
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n') line++;
            else if (c is not ('\t' or '\r' or '\u0085') && (c < ' ' || c is >= '\u007F' and <= '\u009F'))
                throw new ManifestException(file, line, $"The manifest holds the control character U+{(int)c:X4}, which YAML does not allow. Remove it (write it as an escape such as \"\\x01\" in a double-quoted value if it is meant).");
        }
    }

    static int LineAt(ReadOnlySpan<byte> before) => before.Count((byte)'\n') + 1;
}
