using OctoOrchestrate.Build;

namespace OctoOrchestrate.Ports;

/// <summary>Runs a component's shell line (deploy, test) as conventions.md says: <c>bash -c</c> on Unix, <c>cmd /c</c> on Windows.</summary>
public static class ComponentShell
{
    public static Task<ProcessResult> RunAsync(
        string commandLine,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        Action<string>? onOutputLine = null,
        CancellationToken cancellationToken = default) =>
        OperatingSystem.IsWindows()
            ? ProcessRunner.RunAsync("cmd.exe", ["/d", "/c", commandLine], workingDirectory, environment, onOutputLine, cancellationToken)
            // One pipe for both streams keeps the log in the order things happened (two pipes interleave at random).
            : ProcessRunner.RunAsync("bash", ["-c", "exec 2>&1\n" + commandLine], workingDirectory, environment, onOutputLine, cancellationToken);

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
