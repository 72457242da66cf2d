namespace OctoOrchestrate.Governance;

/// <summary>Says in words how two <c>teams:</c> lists differ (for the teams-changed warning).</summary>
public static class TeamsDiff
{
    public static IReadOnlyList<string> Describe(IReadOnlyList<TeamDefinition> before, IReadOnlyList<TeamDefinition> after)
    {
        var changes = new List<string>();
        foreach (var team in after)
        {
            var old = before.FirstOrDefault(t => string.Equals(t.Name, team.Name, StringComparison.OrdinalIgnoreCase));
            if (old is null)
            {
                changes.Add($"team {team.Name} added");
                continue;
            }

            Compare(changes, team.Name, "members", old.Members, team.Members);
            Compare(changes, team.Name, "deploy", old.Deploy, team.Deploy);
            Compare(changes, team.Name, "approve", old.Approve, team.Approve);
            Compare(changes, team.Name, "read", old.Read, team.Read);
        }

        changes.AddRange(before.Where(t => !after.Any(a => string.Equals(a.Name, t.Name, StringComparison.OrdinalIgnoreCase))).Select(t => $"team {t.Name} removed"));
        return changes;
    }

    static void Compare(List<string> changes, string team, string key, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var added = after.Except(before, StringComparer.OrdinalIgnoreCase).ToList();
        var removed = before.Except(after, StringComparer.OrdinalIgnoreCase).ToList();
        if (added.Count > 0) changes.Add($"team {team} {key} + {string.Join(", ", added)}");
        if (removed.Count > 0) changes.Add($"team {team} {key} - {string.Join(", ", removed)}");
    }
}
