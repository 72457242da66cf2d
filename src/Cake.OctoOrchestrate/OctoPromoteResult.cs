using OctoOrchestrate.Deploy;

namespace Cake.OctoOrchestrate;

/// <summary>A promotion is two library stages: the tests in the source environment, then the deployment of what passed to the target.</summary>
public sealed record OctoPromoteResult(StageResult Verification, StageResult Promotion)
{
    public bool Succeeded => Verification.Succeeded && Promotion.Succeeded;
}
