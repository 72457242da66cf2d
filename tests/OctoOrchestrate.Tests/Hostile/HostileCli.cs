using System.Diagnostics;
using OctoOrchestrate.Cli;
using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>
/// The real command line in its own process with the environment a test chooses (secrets, an empty PATH), optionally with
/// stdout sent through a shell redirect (<c>&gt; /dev/full</c>, a closed pipe).
/// </summary>
internal static class HostileCli
{
    public static Task<CliOutcome> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, new Dictionary<string, string?>(), args);

    public static async Task<CliOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = StartInfo(DotnetHost(), workingDirectory, environment);
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return await RunToEndAsync(start);
    }

    /// <summary>Runs <c>octo-orchestrate ARGS STDOUT_REDIRECT</c> through bash, e.g. <c>&gt; /dev/full</c> or <c>| true</c>; the exit code is the CLI's own.</summary>
    public static async Task<CliOutcome> RunRedirectedAsync(string workingDirectory, string stdoutRedirect, params string[] args)
    {
        var start = StartInfo("bash", workingDirectory, new Dictionary<string, string?>());
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"\"$0\" \"$@\" {stdoutRedirect}; exit ${{PIPESTATUS[0]}}");
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return await RunToEndAsync(start);
    }

    /// <summary>The dotnet host by full path, so a test may run the CLI with a PATH that holds nothing (no git).</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate)) return candidate;
        }

        return "dotnet";
    }

    static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        return start;
    }

    static async Task<CliOutcome> RunToEndAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: a loaded 2-core machine; the limit only turns a hang into a failure instead of a stuck suite.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"octo-orchestrate {string.Join(' ', start.ArgumentList)} did not finish within 3 minutes.");
        }

        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }
}
