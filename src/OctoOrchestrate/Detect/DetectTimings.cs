namespace OctoOrchestrate.Detect;

/// <summary>
/// With <c>OCTO_ORCHESTRATE_DETECT_TIMINGS=1</c>, the detection path writes one line per step to stderr: the wall clock in
/// microseconds since the Unix epoch (to line up with <c>strace -ttt</c> or a shell's <c>$EPOCHREALTIME</c> taken just before
/// the start) and the bytes allocated so far. For finding where a run's time goes (BENCHMARKS.md); off by default, and then
/// one cached flag test per step.
/// </summary>
internal static class DetectTimings
{
    public const string EnvironmentVariable = "OCTO_ORCHESTRATE_DETECT_TIMINGS";

    static readonly bool On = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    public static void Mark(string step)
    {
        if (!On) return;
        var micros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        Console.Error.WriteLine($"timing {micros} {GC.GetTotalAllocatedBytes() / 1024} KiB {step}");
    }
}
