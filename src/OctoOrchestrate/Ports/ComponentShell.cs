using OctoOrchestrate.Build;

namespace OctoOrchestrate.Ports;

/// <summary>
/// Runs a component's shell line (build, deploy, test) as conventions.md says: <c>bash -c</c> on Unix, <c>cmd /c</c> on Windows,
/// through <see cref="ProcessRunner.RunCommandAsync"/> (own process group, bounded output). Every output line of every component
/// command flows through the <c>onOutputLine</c> callback of <see cref="RunAsync"/>.
/// </summary>
public static class ComponentShell
{
    // The command waits for one line on its input before it starts: the caller records its process group first, so a run killed
    // in between never leaves a command running that nobody knows about (the line never comes, the read sees end-of-file).
    const string WaitForStart = "IFS= read -r _ || exit 125\n";

    public static Task<ProcessResult> RunAsync(
        string commandLine,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        Action<string>? onOutputLine = null,
        CancellationToken cancellationToken = default,
        Action<CommandGroup>? onStarted = null) =>
        OperatingSystem.IsWindows()
            ? ProcessRunner.RunCommandAsync("cmd.exe", ["/d", "/c", commandLine], workingDirectory, environment, onOutputLine, onStarted, null, cancellationToken)
            // One pipe for both streams keeps the log in the order things happened (two pipes interleave at random).
            : ProcessRunner.RunCommandAsync("bash", ["-c", WaitForStart + "exec 2>&1\n" + commandLine], workingDirectory, environment, onOutputLine, onStarted, "\n", cancellationToken);

    /// <summary>The variables deploy and test commands get: every command's, plus where the package and the environment are.</summary>
    public static Dictionary<string, string?> DeployVariables(
        string component, string version, string environment, string packagePath, string installDirectory,
        string environmentDirectory, string manifestDirectory, string commit)
    {
        var variables = CommandEnvironment.For(component, version, manifestDirectory, commit);
        variables["OO_ENVIRONMENT"] = environment;
        variables["OO_PACKAGE"] = packagePath;
        variables["OO_INSTALL_DIR"] = installDirectory;
        variables["OO_ENVIRONMENT_DIR"] = environmentDirectory;
        return variables;
    }
}
