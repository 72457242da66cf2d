namespace OctoOrchestrate.Audit;

/// <summary>
/// The result of <c>audit --verify</c>. <see cref="TornLastLine"/> alone (an interrupted write: kill -9, power loss) is not tampering;
/// <see cref="Problems"/> are: a broken chain, an unreadable line in the middle, a head that does not match the last record.
/// </summary>
public sealed record AuditVerification(long Records, IReadOnlyList<string> Problems, string? TornLastLine)
{
    public bool Intact => Problems.Count == 0;
}
