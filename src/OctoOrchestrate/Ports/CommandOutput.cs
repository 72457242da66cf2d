using OctoOrchestrate.Secrets;
using System.Diagnostics;
using System.Text;

namespace OctoOrchestrate.Ports;

/// <summary>
/// The output of a component command: both pipes are read in bounded chunks and split into lines, every line goes to one callback
/// (the log file; the single place where output lines flow, so e.g. masking can hook in), and only a bounded tail stays in memory.
/// A line longer than <see cref="MaxLineChars"/> is passed on in pieces of that size, so a 300 MB line never becomes one string.
/// </summary>
internal sealed class CommandOutput(Action<string>? onLine)
{
    /// <summary>The longest line passed on at once; a longer one arrives as several lines of this size.</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>How much of the output (the end) is kept in memory for <see cref="ProcessResult.StandardOutput"/>.</summary>
    public const int TailChars = 64 * 1024;

    readonly Lock gate = new();
    readonly Queue<string> tail = new();
    int tailChars;
    bool truncated;
    bool detached;
    long lastActivity = Stopwatch.GetTimestamp();

    /// <summary>The kept end of the output, lines joined with '\n'.</summary>
    public string Tail
    {
        get
        {
            lock (gate) return tail.Count == 0 ? "" : string.Join('\n', tail) + "\n";
        }
    }

    /// <summary>True when earlier output was dropped from <see cref="Tail"/> (it is still in the log).</summary>
    public bool Truncated
    {
        get
        {
            lock (gate) return truncated;
        }
    }

    /// <summary>Time since a pipe last delivered data (or reached its end).</summary>
    public TimeSpan Idle => Stopwatch.GetElapsedTime(Volatile.Read(ref lastActivity));

    /// <summary>
    /// Stops passing lines on: after this returns the callback is never called again (its log may be closed). The pipes are still
    /// drained (and the data dropped), so a background process that holds them does not get SIGPIPE while this process runs.
    /// </summary>
    public void Detach()
    {
        lock (gate) detached = true;
    }

    public async Task PumpAsync(Stream stream)
    {
        var decoder = new UTF8Encoding(false).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(bytes).ConfigureAwait(false);
                Volatile.Write(ref lastActivity, Stopwatch.GetTimestamp());
                if (read == 0) break;
                if (Volatile.Read(ref detached)) continue;
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                Split(chars.AsSpan(0, count), line);
            }

            var rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
            Split(chars.AsSpan(0, rest), line);
            if (line.Length > 0) Emit(line);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe was closed under the read: nothing more will come.
        }
    }

    void Split(ReadOnlySpan<char> text, StringBuilder line)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var segment = newline < 0 ? text : text[..newline];
            while (line.Length + segment.Length > MaxLineChars)
            {
                var take = MaxLineChars - line.Length;
                if (take > 0 && char.IsHighSurrogate(segment[take - 1])) take--; // never split a surrogate pair
                line.Append(segment[..take]);
                segment = segment[take..];
                Emit(line);
            }

            line.Append(segment);
            if (newline < 0) return;
            if (line.Length > 0 && line[^1] == '\r') line.Length--;
            Emit(line);
            text = text[(newline + 1)..];
        }
    }

    void Emit(StringBuilder line)
    {
        // Every line of a component command goes to logs and the console: secrets are masked before anything sees them.
        var text = SecretMasker.Mask(line.ToString());
        line.Clear();
        lock (gate)
        {
            if (detached) return;
            onLine?.Invoke(text);
            tail.Enqueue(text);
            tailChars += text.Length + 1;
            while (tailChars > TailChars && tail.Count > 1)
            {
                tailChars -= tail.Dequeue().Length + 1;
                truncated = true;
            }
        }
    }
}
