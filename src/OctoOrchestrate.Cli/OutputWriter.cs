using System.Text;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Cli;

/// <summary>Standard output or error could not be written (a full disk behind a redirect); reported on stderr, exit 1.</summary>
internal sealed class OutputFailedException(string stream, IOException inner)
    : OctoOrchestrateException($"cannot write to standard {stream}: {inner.Message}. Free space where the output is redirected, or redirect it elsewhere, and rerun.", ExitCodes.Failed, inner)
{
    public string Stream { get; } = stream;
}

/// <summary>
/// stdout or stderr as the commands see them: every string written has its secrets masked (the last line of defence behind
/// the masking of logs and table cells), and a failed write becomes one clear error instead of a crash.
/// </summary>
internal sealed class OutputWriter(TextWriter inner, string stream) : TextWriter
{
    /// <summary>The writer underneath, for code that must know whether it is the console (colours, width, live progress).</summary>
    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;

    public static TextWriter Unwrap(TextWriter writer) => writer is OutputWriter wrapped ? wrapped.Inner : writer;

    /// <summary>Lets <paramref name="write"/> use the writer underneath (Spectre must see the console) with failed writes still reported clearly.</summary>
    public static void WriteThrough(TextWriter writer, Action<TextWriter> write)
    {
        if (writer is OutputWriter wrapped) wrapped.Guard(() => write(wrapped.Inner));
        else write(writer);
    }

    public override void Write(char value) => Guard(() => Inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (value is not null) Guard(() => Inner.Write(SecretMasker.Mask(value)));
    }

    public override void WriteLine(string? value) => Guard(() => Inner.WriteLine(value is null ? null : SecretMasker.Mask(value)));

    public override void WriteLine() => Guard(Inner.WriteLine);

    /// <summary>
    /// <see cref="WriteLine(string?)"/> for a large text (an <c>affected --json</c> answer of 1,000 components is ~190 KB):
    /// the console's writer hands the stream 256 bytes at a time, one system call each, so on the console the masked text is
    /// encoded with the console's encoding and written to standard output in one call. Same bytes, same errors.
    /// </summary>
    public void WriteLineWhole(string value)
    {
        if (!ReferenceEquals(Inner, Console.Out))
        {
            WriteLine(value);
            return;
        }

        Guard(() =>
        {
            Inner.Flush();
            var bytes = Inner.Encoding.GetBytes(SecretMasker.Mask(value) + Inner.NewLine);
            using var stream = Console.OpenStandardOutput();
            stream.Write(bytes);
        });
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override void Flush() => Guard(Inner.Flush);

    void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException ex)
        {
            throw new OutputFailedException(stream, ex);
        }
    }
}
