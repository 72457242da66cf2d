using Cake.Core.Diagnostics;

namespace Cake.OctoOrchestrate;

/// <summary>
/// The library's progress lines, written to Cake's log as they come. Not <see cref="Progress{T}"/>: that posts to a thread pool,
/// so lines would arrive late and out of order; stages report from parallel builds, hence the lock.
/// </summary>
internal sealed class CakeProgress(ICakeLog log) : IProgress<string>
{
    readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate) CakeLogText.Information(log, value);
    }
}
