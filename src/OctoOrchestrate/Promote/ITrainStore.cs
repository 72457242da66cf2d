using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;

namespace OctoOrchestrate.Promote;

/// <summary>
/// Where train promotions keep what outlives one run: stored plans, approval votes, which components of a plan are done, and train
/// snapshots. A port of its own, next to <see cref="Release.IReleaseServer"/>, so any release-server backend can keep them
/// (the embedded one in its state folder: <see cref="Local.FileTrainStore"/>).
/// </summary>
public interface ITrainStore
{
    Task SavePlanAsync(TrainPlan plan, CancellationToken cancellationToken = default);

    /// <exception cref="BadInputException">No plan has this id.</exception>
    Task<TrainPlan> GetPlanAsync(string planId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PlanVote>> GetVotesAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary>Records a group's vote once; a second vote of the same group is refused (<see cref="BadInputException"/>), whoever wins a race.</summary>
    Task AddVoteAsync(string planId, PlanVote vote, CancellationToken cancellationToken = default);

    /// <summary>Marks a component of a plan as deployed (and tested) so a resumed run never deploys it again.</summary>
    Task MarkDoneAsync(string planId, string component, string deploymentId, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetDoneAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary>Stores a snapshot under a new id (<c>Environment-N</c>, N counting up per environment) and returns it.</summary>
    Task<TrainSnapshot> AddSnapshotAsync(TrainSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The environment's snapshots, newest first.</summary>
    Task<IReadOnlyList<TrainSnapshot>> ListSnapshotsAsync(string environment, CancellationToken cancellationToken = default);
}
