namespace OctoOrchestrate.Pack;
public sealed record CommitInfo(string Id, string Message, string Author);
public sealed record PackedComponent(string Component, string PackageId, string Version, string PackagePath,
    string BuildInformationPath, string Commit, string Branch, IReadOnlyList<CommitInfo> Commits /* = release notes */);
