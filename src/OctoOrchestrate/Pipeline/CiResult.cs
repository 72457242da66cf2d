using OctoOrchestrate.Deploy;
using OctoOrchestrate.Pack;

namespace OctoOrchestrate.Pipeline;

/// <summary>The main job's result: the build train, then each stage (release, deploy, verify, promote).</summary>
public sealed record CiResult(BuildTrainResult Build, IReadOnlyList<StageResult> Stages)
{
    /// <summary>True when everything built and every component that reached a stage succeeded in it, promotion included.</summary>
    public bool Succeeded => Build.Succeeded && Stages.All(s => s.Succeeded);
}
