using System.Globalization;

namespace OctoOrchestrate.Ports;

/// <summary>
/// A small file naming a running command's process group (group id, leader start time), the process that runs it (pid, start time)
/// and the host. Written while a build or test command runs and deleted when it ends, so a file left behind means its owner was killed
/// (kill -9); the next run of the same command ends that group if it still runs, unless its owner is still alive (a concurrent run).
/// Deployments keep the same facts in the ledger instead.
/// </summary>
internal static class GroupFile
{
    public const string Extension = ".group";

    static readonly string Owner = $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}\n{ProcessGroups.StartTicks(Environment.ProcessId)}";

    public static void Record(string path, CommandGroup group) =>
        File.WriteAllText(path, $"{group.Id.ToString(CultureInfo.InvariantCulture)}\n{group.Started}\n{Owner}\n{HostIdentity.Current}\n");

    /// <summary>
    /// Ends the group <paramref name="path"/> names when its owner is gone and the group still runs here, and deletes the file; a file
    /// whose owner still runs (a concurrent run) is left alone. Returns the group it ended.
    /// </summary>
    public static int? EndLeftover(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }

        var here = lines.Length >= 5 && lines[4] == HostIdentity.Current;
        if (here && int.TryParse(lines[2], CultureInfo.InvariantCulture, out var owner) && ProcessGroups.StartTicks(owner) == lines[3]) return null;
        int? ended = null;
        if (here && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var group) && ProcessGroups.IsRunning(group, lines[1]))
        {
            ProcessGroups.Terminate(group);
            ended = group;
        }

        Delete(path);
        return ended;
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
