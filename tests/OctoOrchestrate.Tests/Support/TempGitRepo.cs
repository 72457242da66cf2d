using System.Diagnostics;

namespace OctoOrchestrate.Tests.Support;

/// <summary>A real git repository in a temp folder, driven through the git CLI with its own identity (CI has none).</summary>
public sealed class TempGitRepo : IDisposable
{
    public TempGitRepo(string branch = "main")
    {
        Path = Directory.CreateTempSubdirectory("octo-orchestrate-test-").FullName;
        Git("init", "-q", "-b", branch);
    }

    public string Path { get; }

    public TempGitRepo Write(string relativePath, string content = "content")
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TempGitRepo Append(string relativePath, string content = "\nmore") =>
        Write(relativePath, File.ReadAllText(System.IO.Path.Combine(Path, relativePath)) + content);

    public TempGitRepo Delete(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
        else File.Delete(full);
        return this;
    }

    public string Commit(string message = "change")
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head;
    }

    public string Head => Git("rev-parse", "HEAD").Trim();

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr}");
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
