using System.Diagnostics;
using OctoOrchestrate.Cli;

namespace OctoOrchestrate.Tests.Support;

/// <summary>The real command line in its own process, for tests that kill it or run two at once against one state folder.</summary>
public static class CliProcess
{
    public static Process Start(string workingDirectory, params string[] args) => Start(new Dictionary<string, string>(), workingDirectory, args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Out, string Error)> RunToEndAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Waits for a file a script writes, failing the test (not hanging) if it never appears.</summary>
    public static async Task WaitForFileAsync(string path, Process owner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(path))
        {
            if (owner.HasExited) throw new InvalidOperationException($"The process exited ({owner.ExitCode}) before {path} appeared: {await owner.StandardError.ReadToEndAsync()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not appear within 60 s.");
            await Task.Delay(50);
        }
    }
}
