using System.Text.Json.Serialization;

namespace OctoOrchestrate.Promote.Approve;

/// <summary>One group's decision on a stored plan: <see cref="Approved"/> false is a rejection.</summary>
public sealed record PlanVote(string Group, string By, bool Approved, string? Notes, DateTimeOffset At);

[JsonConverter(typeof(JsonStringEnumConverter<PlanDecision>))]
public enum PlanDecision
{
    /// <summary>The destination asks for no approval.</summary>
    NotNeeded,
    Pending,
    Approved,
    Rejected,
}
