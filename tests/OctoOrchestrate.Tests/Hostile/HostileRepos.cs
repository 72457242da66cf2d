using OctoOrchestrate.Tests.Support;

namespace OctoOrchestrate.Tests.Hostile;

/// <summary>Repositories more than one hostile test runs against.</summary>
internal static class HostileRepos
{
    /// <summary>One component whose build writes its pid (build.pid) and a background child's (child.pid), then waits for the child: it never ends by itself.</summary>
    public static TempGitRepo HangingBuild()
    {
        var repo = new TempGitRepo();
        repo.Write(".gitignore", "artifacts/\n.octo-orchestrate/\n*.pid\n").Write("a/f", "0").Write("octo-orchestrate.yaml", """
            train: 2026.4.0
            environments: [ Dev ]
            components:
              - name: a
                paths: [ "a/**" ]
                build: echo $$ > build.pid; sleep 300 & echo $! > child.pid; wait
            """);
        repo.Commit("a");
        return repo;
    }
}
