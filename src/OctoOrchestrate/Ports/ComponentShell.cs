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

    /// <summary>The variables deploy and test commands get (conventions.md).</summary>
    public static Dictionary<string, string?> DeployVariables(
        string component, string version, string environment, string packagePath, string installDirectory,
        string environmentDirectory, string manifestDirectory, string commit) => new()
        {
            ["OO_COMPONENT"] = component,
            ["OO_VERSION"] = version,
            ["OO_ENVIRONMENT"] = environment,
            ["OO_PACKAGE"] = packagePath,
            ["OO_INSTALL_DIR"] = installDirectory,
            ["OO_ENVIRONMENT_DIR"] = environmentDirectory,
            ["OO_MANIFEST_DIR"] = manifestDirectory,
            ["OO_COMMIT"] = commit,
        };
}
