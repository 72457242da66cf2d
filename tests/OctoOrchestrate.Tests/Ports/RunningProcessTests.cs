using OctoOrchestrate.Ports;

namespace OctoOrchestrate.Tests.Ports;

/// <summary>
/// A process is collected whole whether it is still running when <see cref="RunningProcess.Wait"/> is called (stderr then
/// drains on its own thread) or has already exited (both pipes read on the caller's thread).
/// </summary>
public sealed class RunningProcessTests
{
    // Writes OUT bytes to stdout and ERR bytes to stderr, in CHUNK-byte turns, then exits with CODE.
    const string Script = """
        i=0
        while [ "$i" -lt "$1" ] || [ "$i" -lt "$2" ]; do
          [ "$i" -lt "$1" ] && head -c "$3" /dev/zero | tr '\0' o
          [ "$i" -lt "$2" ] && head -c "$3" /dev/zero | tr '\0' e >&2
          i=$((i + $3))
        done
        exit "$4"
        """;

    static RunningProcess Start(int stdoutBytes, int stderrBytes, int chunk, int exitCode) =>
        RunningProcess.Start("sh", ["-c", Script, "sh", $"{stdoutBytes}", $"{stderrBytes}", $"{chunk}", $"{exitCode}"], Path.GetTempPath(), null);

    static void AssertWhole(ProcessResult result, int stdoutBytes, int stderrBytes, int chunk, int exitCode)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(RoundUp(stdoutBytes, chunk), result.StandardOutput.Length);
        Assert.Equal(RoundUp(stderrBytes, chunk), result.StandardError.Length);
        Assert.All(result.StandardOutput, c => Assert.Equal('o', c));
        Assert.All(result.StandardError, c => Assert.Equal('e', c));
    }

    static int RoundUp(int bytes, int chunk) => (bytes + chunk - 1) / chunk * chunk;

    [Theory]
    [InlineData(10, 10, 10, 0)]
    [InlineData(0, 3000, 1000, 3)]
    [InlineData(20000, 0, 5000, 0)]
    [InlineData(30000, 30000, 10000, 1)]
    public void Output_is_whole_when_the_process_ended_before_the_wait(int stdoutBytes, int stderrBytes, int chunk, int exitCode)
    {
        using var running = Start(stdoutBytes, stderrBytes, chunk, exitCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!running.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.True(running.HasExited);

        AssertWhole(running.Wait(), stdoutBytes, stderrBytes, chunk, exitCode);
    }

    [Theory]
    [InlineData(300_000, 300_000, 4096, 0)]
    [InlineData(0, 500_000, 100_000, 2)]
    [InlineData(500_000, 0, 100_000, 0)]
    [InlineData(200_000, 200_000, 200_000, 5)]
    public void Output_larger_than_a_pipe_on_both_streams_is_whole_when_the_process_is_still_running(int stdoutBytes, int stderrBytes, int chunk, int exitCode)
    {
        using var running = Start(stdoutBytes, stderrBytes, chunk, exitCode);

        // Blocked on a full pipe until someone reads: it cannot have exited yet.
        Assert.False(running.HasExited);
        AssertWhole(running.Wait(), stdoutBytes, stderrBytes, chunk, exitCode);
    }
}
