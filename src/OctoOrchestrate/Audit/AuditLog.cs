using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OctoOrchestrate.Governance;
using OctoOrchestrate.Local;
using OctoOrchestrate.Ports;
using OctoOrchestrate.Secrets;

namespace OctoOrchestrate.Audit;

/// <summary>
/// The append-only audit trail: one JSON record per line in <c>&lt;state&gt;/audit.jsonl</c>, each carrying the SHA-256 of the line
/// before it, and <c>audit.head</c> holding the last record's number and hash (so removing or editing the last line is caught
/// too). One writer at a time (a lock file the OS drops when the process dies); every record is fsynced before the call returns,
/// so a kill -9 leaves at most a torn last line, which the next append removes and records.
/// </summary>
public sealed class AuditLog(string path)
{
    public const string FileName = "audit.jsonl";
    internal static readonly string Genesis = new('0', 64);

    static readonly JsonSerializerOptions LineOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = JsonContext.Default, // source-generated: no reflection (Native AOT)
    };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string HeadPath => Path + ".head";

    public static AuditLog For(StateFolder state) => new(System.IO.Path.Combine(state.Root, FileName));

    /// <summary>Appends one record and returns it as written. Secrets in <see cref="AuditEntry.Detail"/> are masked.</summary>
    public async Task<AuditRecord> AppendAsync(Actor actor, AuditEntry entry, string? ciRunUrl = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var writer = await RunLock.AcquireAsync(Path + ".lock", null, cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var (last, torn) = ReadTail(file);
        string? repaired = null;
        if (torn is not null)
        {
            // An interrupted write left an incomplete record: it never happened, but that it was removed is itself recorded.
            file.SetLength(file.Length - torn.Length);
            repaired = $"removed a torn record of {torn.Length} bytes (sha256 {Hash(torn)}) left by an interrupted write";
        }

        var sequence = last is null ? 1 : (SequenceOf(last) ?? CountLines(file)) + 1;
        var detail = entry.Detail is null ? repaired : repaired is null ? entry.Detail : $"{entry.Detail}; {repaired}";
        var record = new AuditRecord(sequence, DateTimeOffset.UtcNow, actor.Name, actor.Source, entry.Action, entry.Environment, entry.Component,
            entry.Version, entry.Outcome, detail is null ? null : SecretMasker.Mask(detail), entry.Commit,
            ciRunUrl is null ? null : UrlCredentials.WithoutCredentials(ciRunUrl), last is null ? Genesis : Hash(last));
        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json.Contract<AuditRecord>(LineOptions));
        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(line.Append((byte)'\n').ToArray(), cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
        WriteHead(sequence, Hash(line));
        return record;
    }

    /// <summary>Every complete, readable record, oldest first (a torn last line is left out; <see cref="Verify"/> reports it).</summary>
    public IReadOnlyList<AuditRecord> Read()
    {
        var records = new List<AuditRecord>();
        foreach (var line in Lines(ReadAll()).Complete)
        {
            if (TryParse(line) is { } record) records.Add(record);
        }

        return records;
    }

    /// <summary>Walks the chain: each line's hash must be the next line's <c>previous</c>, numbers must count up by one, the head must match.</summary>
    public AuditVerification Verify()
    {
        var (complete, tornTail) = Lines(ReadAll());
        var problems = new List<string>();
        var expected = Genesis;
        long number = 0;
        foreach (var line in complete)
        {
            number++;
            var record = TryParse(line);
            if (record is null) problems.Add($"line {number}: not a readable audit record (edited or corrupted)");
            else
            {
                if (record.Previous != expected)
                    problems.Add($"line {number} (record {record.Sequence}): the previous line's hash does not match: a line before it was edited, removed or inserted");
                if (record.Sequence != number)
                    problems.Add($"line {number}: record number {record.Sequence}, expected {number}: a record was removed or inserted");
            }

            expected = Hash(line);
        }

        problems.AddRange(CheckHead(number, expected));
        var torn = tornTail is null ? null
            : $"the last line ({tornTail.Length} bytes after record {number}) is cut short: an interrupted write (kill -9, power loss), not an edit; the next record written removes it and says so";
        return new AuditVerification(number, problems, torn);
    }

    IEnumerable<string> CheckHead(long records, string lastHash)
    {
        if (!File.Exists(HeadPath))
        {
            if (records > 0) yield return $"{HeadPath} is missing: the log's end cannot be checked (it was deleted, or the log was copied without it)";
            yield break;
        }

        var parts = File.ReadAllText(HeadPath).Trim().Split(' ');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var headSequence))
        {
            yield return $"{HeadPath} is not readable";
            yield break;
        }

        // A writer killed between the record's fsync and the head's leaves the head one record behind: not tampering.
        if (headSequence == records && parts[1] != lastHash)
            yield return $"the last record ({records}) differs from the one written (the head's hash does not match): it was edited";
        else if (headSequence > records)
            yield return $"the log ends at record {records} but record {headSequence} was written: records at the end were removed";
        else if (headSequence < records - 1)
            yield return $"the head says record {headSequence} was the last written, but the log has {records}: records were appended by something other than octo-orchestrate";
    }

    void WriteHead(long sequence, string hash)
    {
        var temporary = HeadPath + ".tmp";
        using (var head = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            head.Write(Encoding.ASCII.GetBytes($"{sequence.ToString(CultureInfo.InvariantCulture)} {hash}\n"));
            head.Flush(flushToDisk: true);
        }

        File.Move(temporary, HeadPath, overwrite: true);
    }

    byte[] ReadAll()
    {
        try
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var memory = new MemoryStream();
            file.CopyTo(memory);
            return memory.ToArray();
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    static (List<byte[]> Complete, byte[]? Torn) Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lines.Add(bytes[start..i]);
            start = i + 1;
        }

        return (lines, start < bytes.Length ? bytes[start..] : null);
    }

    /// <summary>The last complete line and a torn tail after it (bytes after the last newline), reading only the file's end.</summary>
    static (byte[]? Last, byte[]? Torn) ReadTail(FileStream file)
    {
        for (long window = 64 * 1024; ; window *= 4)
        {
            var start = Math.Max(0, file.Length - window);
            var bytes = new byte[file.Length - start];
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(bytes);
            var end = Array.LastIndexOf(bytes, (byte)'\n');
            byte[]? torn = end + 1 < bytes.Length ? bytes[(end + 1)..] : null;
            if (end < 0 && start > 0) continue;
            if (end < 0) return (null, torn);
            var before = end == 0 ? -1 : Array.LastIndexOf(bytes, (byte)'\n', end - 1);
            if (before < 0 && start > 0) continue;
            return (bytes[(before + 1)..end], torn);
        }
    }

    static long CountLines(FileStream file)
    {
        file.Seek(0, SeekOrigin.Begin);
        long count = 0;
        int b;
        while ((b = file.ReadByte()) >= 0) if (b == '\n') count++;
        return count;
    }

    static long? SequenceOf(byte[] line) => TryParse(line)?.Sequence;

    static AuditRecord? TryParse(byte[] line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, Json.Contract<AuditRecord>(LineOptions));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Hash(byte[] line) => Convert.ToHexStringLower(SHA256.HashData(line));
}
