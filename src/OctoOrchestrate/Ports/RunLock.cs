namespace OctoOrchestrate.Ports;

/// <summary>
/// An exclusive lock on a file, held for a whole run so two runs on one checkout take turns instead of building into the
/// same folders. The operating system drops it when the process dies, so a killed run never leaves it stuck.
/// </summary>
internal sealed class RunLock : IDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    readonly FileStream stream;

    RunLock(FileStream stream) => this.stream = stream;

    public static async Task<RunLock> AcquireAsync(string path, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var announced = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n"), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                return new RunLock(stream);
            }
            catch (IOException)
            {
                if (!announced) progress?.Report($"waiting: another run holds {path}");
                announced = true;
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
