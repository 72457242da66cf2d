using System.Text;
using OctoOrchestrate.Audit;
using OctoOrchestrate.Governance;

namespace OctoOrchestrate.Tests.Governance;

/// <summary>The audit file on a real disk: chained, verified, torn by an interrupted write, written by several writers at once.</summary>
public sealed class AuditLogTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("octo-orchestrate-audit-").FullName;
    readonly Actor alice = new("alice", "--as");

    AuditLog Log => new(Path.Combine(folder, AuditLog.FileName));

    async Task<AuditLog> WithRecordsAsync(int count)
    {
        var log = Log;
        for (var i = 1; i <= count; i++)
            await log.AppendAsync(alice, new AuditEntry(AuditActions.Deployment, "Dev", "api", $"2026.4.0.{i}", "Deployed", Commit: "abc"), "https://ci.example/run/1");
        return log;
    }

    [Fact]
    public async Task Records_are_numbered_and_chained_and_verify_intact()
    {
        var log = await WithRecordsAsync(4);
        var records = log.Read();
        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Sequence));
        Assert.Equal(AuditLog.Genesis, records[0].Previous);
        var lines = File.ReadAllLines(log.Path);
        for (var i = 1; i < records.Count; i++) Assert.Equal(AuditLog.Hash(Encoding.UTF8.GetBytes(lines[i - 1])), records[i].Previous);
        Assert.All(records, r => Assert.Equal("https://ci.example/run/1", r.CiRunUrl));
        var verification = log.Verify();
        Assert.True(verification.Intact, string.Join("\n", verification.Problems));
        Assert.Equal(4, verification.Records);
        Assert.Null(verification.TornLastLine);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Editing_any_line_is_caught(int index)
    {
        var log = await WithRecordsAsync(3);
        var lines = File.ReadAllLines(log.Path);
        lines[index] = lines[index].Replace("\"actor\":\"alice\"", "\"actor\":\"mallory\"", StringComparison.Ordinal);
        File.WriteAllText(log.Path, string.Join("\n", lines) + "\n");
        var verification = log.Verify();
        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.Contains("edited", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Removing_any_line_is_caught(int index)
    {
        var log = await WithRecordsAsync(4);
        var lines = File.ReadAllLines(log.Path).ToList();
        lines.RemoveAt(index);
        File.WriteAllText(log.Path, string.Join("\n", lines) + "\n");
        var verification = log.Verify();
        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.Contains("removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_torn_last_line_is_reported_apart_from_tampering_and_the_next_write_removes_and_records_it()
    {
        var log = await WithRecordsAsync(2);
        // What a kill -9 in the middle of a write leaves: part of a record, no newline.
        await File.AppendAllTextAsync(log.Path, "{\"sequence\":3,\"at\":\"2026-12-01T0");
        var torn = log.Verify();
        Assert.True(torn.Intact, string.Join("\n", torn.Problems));
        Assert.NotNull(torn.TornLastLine);
        Assert.Equal(2, log.Read().Count);

        var next = await log.AppendAsync(alice, new AuditEntry(AuditActions.Release, Component: "web", Version: "2026.4.0.9"));
        Assert.Equal(3, next.Sequence);
        Assert.Contains("torn record", next.Detail, StringComparison.Ordinal);
        var after = log.Verify();
        Assert.True(after.Intact, string.Join("\n", after.Problems));
        Assert.Null(after.TornLastLine);
    }

    [Fact]
    public async Task A_missing_head_file_is_caught()
    {
        var log = await WithRecordsAsync(2);
        File.Delete(log.HeadPath);
        Assert.Contains(log.Verify().Problems, p => p.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writers_at_once_take_turns_and_keep_one_chain()
    {
        var log = Log;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++) await new AuditLog(log.Path).AppendAsync(new Actor($"writer{writer}", "--as"), new AuditEntry(AuditActions.Deployment, Detail: $"{writer}/{i}"));
        })));
        var records = log.Read();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.True(log.Verify().Intact);
    }

    [Fact]
    public async Task Secrets_in_details_are_masked()
    {
        Environment.SetEnvironmentVariable("OO_TEST_AUDIT_TOKEN", "s3cr3t-value-42");
        Secrets.SecretMasker.AddVariableNames(["OO_TEST_AUDIT_TOKEN"]); // listing it again re-reads the values
        try
        {
            var record = await Log.AppendAsync(alice, new AuditEntry(AuditActions.Refusal, Detail: "failed with s3cr3t-value-42 in the output"));
            Assert.DoesNotContain("s3cr3t-value-42", record.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-value-42", File.ReadAllText(Log.Path), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OO_TEST_AUDIT_TOKEN", null);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
