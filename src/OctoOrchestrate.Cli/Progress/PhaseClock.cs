using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OctoOrchestrate.Cli.Progress;

/// <summary>
/// Times the phases of a <c>ci</c> run for its summary ("phases: load 41 ms, build 310 ms, release 12 ms, …"): a phase
/// starts at <see cref="Start"/> or at the pipeline's own marker line ("release: creating releases", "deploy: …",
/// "verify: …", "promote: …"), which passes through to the display unchanged.
/// </summary>
internal sealed class PhaseClock
{
    readonly Func<TimeSpan> clock;
    readonly List<(string Phase, TimeSpan Start)> phases = [];
    readonly Lock gate = new();

    /// <param name="clock">Time since some fixed start; null: a stopwatch started now.</param>
    public PhaseClock(Func<TimeSpan>? clock = null)
    {
        this.clock = clock ?? StartedNow();
    }

    /// <summary>The default clock of the progress classes: the time since this call (a stopwatch started now).</summary>
    public static Func<TimeSpan> StartedNow()
    {
        var stopwatch = Stopwatch.StartNew();
        return () => stopwatch.Elapsed;
    }

    public void Start(string phase)
    {
        lock (gate) phases.Add((phase, clock()));
    }

    /// <summary>Wraps <paramref name="display"/>: every line goes on to it; a phase marker also starts that phase.</summary>
    public IProgress<string> Watch(IProgress<string> display) => new Watcher(this, display);

    /// <summary>Ends the last phase now and says how long each took, in the order they ran.</summary>
    public string Summary()
    {
        lock (gate)
        {
            var now = clock();
            var text = new StringBuilder("phases: ");
            for (var i = 0; i < phases.Count; i++)
            {
                var end = i + 1 < phases.Count ? phases[i + 1].Start : now;
                if (i > 0) text.Append(", ");
                text.Append(phases[i].Phase).Append(' ')
                    .Append((end - phases[i].Start).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)).Append(" ms");
            }

            return text.ToString();
        }
    }

    sealed class Watcher(PhaseClock owner, IProgress<string> display) : IProgress<string>
    {
        public void Report(string value)
        {
            if (Marker(value) is { } phase) owner.Start(phase);
            display.Report(value);
        }

        // The exact shapes CiPipeline reports, so a component named "deploy" building does not start a phase.
        static string? Marker(string line) =>
            line == "release: creating releases" ? "release"
            : line.StartsWith("deploy: ", StringComparison.Ordinal) && line.Contains(" component(s) to ", StringComparison.Ordinal) ? "deploy"
            : line.StartsWith("verify: testing ", StringComparison.Ordinal) && line.Contains(" component(s) in ", StringComparison.Ordinal) ? "verify"
            : line.StartsWith("promote: ", StringComparison.Ordinal) && line.Contains(" -> ", StringComparison.Ordinal) ? "promote"
            : null;
    }
}
