using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

public sealed partial class LocalReleaseServer
{
    public Task<Approval> RequestApprovalAsync(string title, IReadOnlyList<string> deploymentIds, CancellationToken cancellationToken = default)
    {
        var ids = deploymentIds.Select(d => ParseId(d, "Deployments")).ToList();
        var id = ledger.Write((connection, transaction) =>
        {
            connection.Execute(transaction, "INSERT INTO approvals (title, state, requested_at) VALUES ($title, 'Pending', $t)", ("$title", title), ("$t", SqliteExtensions.Now()));
            var approval = (long)connection.Scalar(transaction, "SELECT last_insert_rowid()")!;
            foreach (var deployment in ids)
                connection.Execute(transaction, "INSERT INTO approval_deployments (approval_id, deployment_id) VALUES ($a, $d)", ("$a", approval), ("$d", deployment));
            return approval;
        });
        return Task.FromResult(ReadApproval(id));
    }

    public Task<Approval> SubmitApprovalAsync(string approvalId, bool approve, string by, string? notes = null, CancellationToken cancellationToken = default)
    {
        var id = ParseId(approvalId, "Approvals");
        var changed = ledger.Write((c, t) => c.Execute(t,
            "UPDATE approvals SET state = $s, decided_by = $by, notes = $n, decided_at = $t WHERE id = $id AND state = 'Pending'",
            ("$s", approve ? "Approved" : "Rejected"), ("$by", by), ("$n", notes), ("$t", SqliteExtensions.Now()), ("$id", id)));
        var approval = ReadApproval(id);
        return changed == 1 ? Task.FromResult(approval)
            : throw new BadInputException($"{approvalId} was already {approval.State.ToString().ToLowerInvariant()} by {approval.DecidedBy}; an approval is decided once.");
    }

    public Task<Approval> GetApprovalAsync(string approvalId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadApproval(ParseId(approvalId, "Approvals")));

    Approval ReadApproval(long id) => ledger.Read(connection =>
    {
        var deployments = connection.Query(null, "SELECT deployment_id FROM approval_deployments WHERE approval_id = $id ORDER BY deployment_id",
            r => $"Deployments-{r.GetInt64(0)}", ("$id", id));
        return connection.Query(null, "SELECT * FROM approvals WHERE id = $id", r => new Approval(
            $"Approvals-{id}",
            r.GetString(r.GetOrdinal("title")),
            deployments,
            Enum.Parse<ApprovalState>(r.GetString(r.GetOrdinal("state"))),
            r.NullableTime("requested_at")!.Value,
            r.NullableString("decided_by"),
            r.NullableString("notes"),
            r.NullableTime("decided_at")), ("$id", id)).SingleOrDefault()
            ?? throw new BadInputException($"Approval 'Approvals-{id}' does not exist in {ledger.Path}.");
    });
}
