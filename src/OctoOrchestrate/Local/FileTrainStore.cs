using System.Text.Json;
using System.Text.RegularExpressions;
using OctoOrchestrate.Promote;
using OctoOrchestrate.Promote.Approve;
using OctoOrchestrate.Promote.Plan;
using OctoOrchestrate.Promote.Snapshot;

namespace OctoOrchestrate.Local;

/// <summary>
/// <see cref="ITrainStore"/> as JSON files in the state folder's <c>train/</c>: <c>plans/ID.json</c>, <c>plans/ID/votes/GROUP.json</c>,
/// <c>plans/ID/done/COMPONENT</c>, <c>snapshots/ENV/N.json</c>. Each file is written whole to a temporary name and moved into place
/// (never half-written); a vote or a snapshot number is claimed by a move that refuses to overwrite, so two processes never lose one.
/// </summary>
public sealed partial class FileTrainStore(string stateRoot) : ITrainStore
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(stateRoot), "train");

    public static FileTrainStore For(StateFolder state) => new(state.Root);

    public Task SavePlanAsync(TrainPlan plan, CancellationToken cancellationToken = default)
    {
        Write(PlanFile(plan.Id), plan, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<TrainPlan> GetPlanAsync(string planId, CancellationToken cancellationToken = default)
    {
        var file = PlanFile(planId);
        return Task.FromResult(File.Exists(file) ? Read<TrainPlan>(file)
            : throw new BadInputException($"No plan '{planId}' in {Path.Combine(Root, "plans")}. Use the id 'promote' or 'plan' printed (planId in --json)."));
    }

    public Task<IReadOnlyList<PlanVote>> GetVotesAsync(string planId, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(PlanFolder(planId), "votes");
        IReadOnlyList<PlanVote> votes = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Select(Read<PlanVote>).OrderBy(v => v.At).ToList() : [];
        return Task.FromResult(votes);
    }

    public Task AddVoteAsync(string planId, PlanVote vote, CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(PlanFolder(planId), "votes", Uri.EscapeDataString(vote.Group.ToUpperInvariant()) + ".json");
        if (!Write(file, vote, overwrite: false))
            throw new BadInputException($"{vote.Group} has already voted on plan {planId}: {PlanApprovals.Describe(Read<PlanVote>(file))}. Each group votes once.");
        return Task.CompletedTask;
    }

    public Task MarkDoneAsync(string planId, string component, string deploymentId, CancellationToken cancellationToken = default)
    {
        Write(Path.Combine(PlanFolder(planId), "done", component + ".json"), deploymentId, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> GetDoneAsync(string planId, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(PlanFolder(planId), "done");
        IReadOnlyDictionary<string, string> done = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), Read<string>)
            : new Dictionary<string, string>();
        return Task.FromResult(done);
    }

    public Task<TrainSnapshot> AddSnapshotAsync(TrainSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var folder = SnapshotFolder(snapshot.Environment);
        for (var number = Numbers(folder).DefaultIfEmpty(0).Max() + 1; ; number++)
        {
            var stored = snapshot with { Id = $"{snapshot.Environment}-{number}" };
            if (Write(Path.Combine(folder, $"{number}.json"), stored, overwrite: false)) return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<TrainSnapshot>> ListSnapshotsAsync(string environment, CancellationToken cancellationToken = default)
    {
        var folder = SnapshotFolder(environment);
        IReadOnlyList<TrainSnapshot> snapshots = Numbers(folder).OrderDescending().Select(n => Read<TrainSnapshot>(Path.Combine(folder, $"{n}.json"))).ToList();
        return Task.FromResult(snapshots);
    }

    string PlanFile(string planId) => PlanFolder(planId) + ".json";

    /// <summary>A plan id from the command line names a file: only the shape the planner makes is accepted (no path can be smuggled in).</summary>
    string PlanFolder(string planId) =>
        PlanIdPattern().IsMatch(planId) ? Path.Combine(Root, "plans", planId)
        : throw new BadInputException($"'{planId}' is not a plan id. Plan ids look like PLAN-20261201-190000-a1b2 (printed by 'promote' and 'plan').");

    string SnapshotFolder(string environment) => Path.Combine(Root, "snapshots", Uri.EscapeDataString(environment.ToUpperInvariant()));

    static IEnumerable<int> Numbers(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f), out var n) ? n : 0).Where(n => n > 0)
            : [];

    static T Read<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), Json.Contract<T>(Json.Options))
                ?? throw new OctoOrchestrateException($"{file} is empty. It was written by octo-orchestrate; restore it or remove it.", ExitCodes.Failed);
        }
        catch (JsonException ex)
        {
            throw new OctoOrchestrateException($"{file} is not a valid train record ({ex.Message}). Restore it or remove it.", ExitCodes.Failed, ex);
        }
    }

    /// <returns>False when <paramref name="overwrite"/> is false and the file exists already.</returns>
    static bool Write<T>(string file, T value, bool overwrite)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, value, Json.Contract<T>(Json.Options));
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite && File.Exists(file)) return false;
            File.Move(temporary, file, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(file))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [GeneratedRegex(@"^PLAN-\d{8}-\d{6}-[0-9a-f]{4}$")]
    private static partial Regex PlanIdPattern();
}
