using System.Runtime.InteropServices;

namespace OctoOrchestrate.Cli;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM (docker stop, CI cancel buttons), SIGHUP (closed terminal) and SIGQUIT all cancel the run the same way:
/// running commands' process groups are ended, running deployments are recorded Canceled, and the exit code is 128 + the signal
/// (130, 143, 129, 131) as a shell would report it. A second signal is left to its default action (immediate exit).
/// </summary>
internal sealed class CancelSignals : IDisposable
{
    static readonly (PosixSignal Signal, int Number)[] Handled =
        [(PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3)];

    readonly List<PosixSignalRegistration> registrations = [];
    int received;

    public CancelSignals(CancellationTokenSource cancel)
    {
        foreach (var (signal, number) in Handled)
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    if (Interlocked.CompareExchange(ref received, number, 0) != 0) return; // the second one: default action
                    context.Cancel = true;
                    cancel.Cancel();
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // Not every platform has every signal; those it has are still handled.
            }
        }
    }

    /// <summary>The first signal received (its number), or 0.</summary>
    public int Received => Volatile.Read(ref received);

    /// <summary>The exit code for a run canceled by <see cref="Received"/> (Ctrl+C when canceled otherwise).</summary>
    public int ExitCode => 128 + (Received == 0 ? 2 : Received);

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }
}
