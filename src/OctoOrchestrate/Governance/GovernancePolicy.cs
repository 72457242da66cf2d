using System.Runtime.CompilerServices;
using OctoOrchestrate.Manifest;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Governance;

/// <summary>A team of the manifest's <c>teams:</c>. Environment lists may hold <c>"*"</c> (every environment).</summary>
public sealed record TeamDefinition(string Name, IReadOnlyList<string> Members, IReadOnlyList<string> Deploy, IReadOnlyList<string> Approve, IReadOnlyList<string> Read, int Line)
{
    public bool HasMember(string user) => Members.Contains(user, StringComparer.OrdinalIgnoreCase);

    public static bool Covers(IReadOnlyList<string> environments, string environment) =>
        environments.Any(e => e == "*" || string.Equals(e, environment, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A <c>notify:</c> entry: a shell line run on the listed events (all events when <see cref="On"/> is empty).</summary>
public sealed record NotifierDefinition(string Run, IReadOnlyList<string> On, int Line);

/// <summary>
/// The manifest's governance sections: <c>teams</c>, <c>fourEyes</c>, <c>notify</c> and each channel's <c>lifecycle</c>. Read from the
/// manifest file next to the core model (which only accepts the keys), so the pipeline's manifest and its cache stay as they are.
/// </summary>
public sealed record GovernancePolicy(
    IReadOnlyList<TeamDefinition> Teams,
    bool FourEyes,
    IReadOnlyList<NotifierDefinition> Notifiers,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ChannelLifecycles)
{
    public static readonly string[] Events = ["train-waiting-for-approval", "train-promoted", "train-failed", "rollback"];
    static readonly string[] TeamKeys = ["name", "members", "deploy", "approve", "read"];
    static readonly string[] NotifyKeys = ["run", "on"];
    static readonly ConditionalWeakTable<MonorepoManifest, GovernancePolicy> Loaded = [];

    public static GovernancePolicy None { get; } = new([], true, [], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>No <c>teams:</c> means everyone may do everything (as before teams existed).</summary>
    public bool HasTeams => Teams.Count > 0;

    /// <summary>
    /// Who may deploy where is the release server's to decide (Octopus: its teams and roles; a refusal is its 401/403, audited): the
    /// manifest's teams do not gate deployments then. Votes on a train plan live in the tool's own store, so teams and four eyes still rule them.
    /// </summary>
    public bool DeployPermissionsOnServer { get; init; }

    /// <summary>This policy with deployments left to the release server's own permissions (see <see cref="DeployPermissionsOnServer"/>).</summary>
    public GovernancePolicy WithServerPermissions() => this with { DeployPermissionsOnServer = true };

    /// <summary>The policy of a loaded manifest (parsed once per manifest object); a manifest built in code without a file has none.</summary>
    public static GovernancePolicy For(MonorepoManifest manifest) =>
        Loaded.GetValue(manifest, m => File.Exists(m.FilePath) ? Parse(File.ReadAllText(m.FilePath), m.FilePath, m.Environments) : None);

    public static GovernancePolicy Parse(string text, string file, IReadOnlyList<string> environments)
    {
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(text)) stream.Load(reader);
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlException ex)
        {
            throw new ManifestException(file, (int)ex.Start.Line, $"Invalid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (root is null) return None;
        var reader2 = new NodeReader(file);
        var top = root.Children.Where(c => c.Key is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => c.Value, StringComparer.Ordinal);
        var teams = ReadTeams(reader2, top, environments);
        CheckApprovalGroups(reader2, top, teams);
        var fourEyes = reader2.Bool(top, "fourEyes", root) ?? true;
        return new GovernancePolicy(teams, fourEyes, ReadNotifiers(reader2, top), ReadChannelLifecycles(reader2, top, environments));
    }

    static List<TeamDefinition> ReadTeams(NodeReader reader, Dictionary<string, YamlNode> top, IReadOnlyList<string> environments)
    {
        if (!top.TryGetValue("teams", out var node)) return [];
        var teams = new List<TeamDefinition>();
        foreach (var item in reader.Sequence(node, "teams"))
        {
            var keys = reader.Keys(item, TeamKeys, "a team");
            var name = reader.Scalar(keys, "name", item) ?? throw ManifestLoader.Error(reader.File, item, "A team needs a 'name'.");
            if (DisplayNameRules.Check(reader.File, (int)keys["name"].Start.Line, "Team", name) is { } badName) throw badName;
            var team = new TeamDefinition(name, Members(reader, keys, name),
                Environments(reader, keys, "deploy", environments), Environments(reader, keys, "approve", environments),
                Environments(reader, keys, "read", environments), (int)item.Start.Line);
            if (team.Members.Count == 0)
                throw ManifestLoader.Error(reader.File, item, $"Team '{name}' has no 'members'. List the logins of its people, e.g. members: [ alice, bob ].");
            teams.Add(team);
        }

        reader.Unique(teams.Select(t => t.Name).ToList(), node, "team");
        return teams;
    }

    static List<string> Members(NodeReader reader, Dictionary<string, YamlNode> keys, string team)
    {
        var members = new List<string>();
        foreach (var member in reader.Items(keys, "members"))
        {
            if (DisplayNameRules.LoginProblem(member.Value) is { } problem)
                throw ManifestLoader.Error(reader.File, member, $"Team '{team}': member '{member.Value}' {problem}. List logins as --as, OO_USER or the CI server name them, e.g. members: [ alice, bob ].");
            members.Add(member.Value!);
        }

        return members;
    }

    /// <summary>
    /// With teams, a vote for an approval group is checked against the team of that name (<see cref="Permissions.CheckApproval"/>):
    /// a group that is no team, or a team that does not approve the environment, would leave every plan waiting for a vote nobody may give.
    /// </summary>
    static void CheckApprovalGroups(NodeReader reader, Dictionary<string, YamlNode> top, IReadOnlyList<TeamDefinition> teams)
    {
        if (teams.Count == 0 || !top.TryGetValue("environments", out var node) || node is not YamlSequenceNode entries) return;
        foreach (var item in entries.Children.OfType<YamlMappingNode>())
        {
            var keys = item.Children.Where(c => c.Key is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => c.Value, StringComparer.Ordinal);
            if (!keys.ContainsKey("approvals") || reader.Scalar(keys, "name", item) is not { } environment) continue;
            foreach (var group in reader.Items(keys, "approvals"))
            {
                var team = teams.FirstOrDefault(t => string.Equals(t.Name, group.Value, StringComparison.OrdinalIgnoreCase))
                    ?? throw ManifestLoader.Error(reader.File, group,
                        $"Environment '{environment}' asks approval group '{group.Value}', which is no team in 'teams:' ({string.Join(", ", teams.Select(t => t.Name))}). " +
                        $"With teams, an approval group is the team whose members vote: add a team '{group.Value}' with approve: [ {environment} ], or name an existing team.");
                if (!TeamDefinition.Covers(team.Approve, environment))
                    throw ManifestLoader.Error(reader.File, group,
                        $"Environment '{environment}' asks team '{team.Name}' to approve, but the team's 'approve' ({(team.Approve.Count == 0 ? "none" : string.Join(", ", team.Approve))}) " +
                        $"does not list {environment}, so each of its votes would be refused. Add {environment} to its 'approve'.");
            }
        }
    }

    static List<string> Environments(NodeReader reader, Dictionary<string, YamlNode> keys, string key, IReadOnlyList<string> environments)
    {
        var names = reader.Strings(keys, key);
        var unknown = names.Find(n => n != "*" && !environments.Contains(n, StringComparer.OrdinalIgnoreCase));
        return unknown is null ? names
            : throw ManifestLoader.Error(reader.File, keys[key], $"'{key}' names environment '{unknown}', which is not in 'environments:' ({string.Join(", ", environments)}). Use one of those, or \"*\" for all.");
    }

    static List<NotifierDefinition> ReadNotifiers(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        if (!top.TryGetValue("notify", out var node)) return [];
        var notifiers = new List<NotifierDefinition>();
        foreach (var item in reader.Sequence(node, "notify"))
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } line })
            {
                notifiers.Add(new NotifierDefinition(line, [], (int)item.Start.Line));
                continue;
            }

            var keys = reader.Keys(item, NotifyKeys, "a notifier");
            var run = reader.Scalar(keys, "run", item) ?? throw ManifestLoader.Error(reader.File, item, "A notifier needs 'run: <shell line>'.");
            var on = reader.Strings(keys, "on");
            var unknown = on.Find(e => !Events.Contains(e, StringComparer.Ordinal));
            if (unknown is not null)
                throw ManifestLoader.Error(reader.File, keys["on"], $"Unknown event '{unknown}' in 'on'. Events: {string.Join(", ", Events)}.");
            notifiers.Add(new NotifierDefinition(run, on, (int)item.Start.Line));
        }

        return notifiers;
    }

    static Dictionary<string, IReadOnlyList<string>> ReadChannelLifecycles(NodeReader reader, Dictionary<string, YamlNode> top, IReadOnlyList<string> environments)
    {
        var lifecycles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (!top.TryGetValue("channels", out var node) || node is not YamlSequenceNode channels) return lifecycles;
        foreach (var item in channels.Children.OfType<YamlMappingNode>())
        {
            var keys = item.Children.Where(c => c.Key is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => c.Value, StringComparer.Ordinal);
            if (!keys.ContainsKey("lifecycle") || reader.Scalar(keys, "name", item) is not { } name) continue;
            var phases = Environments(reader, keys, "lifecycle", environments);
            if (phases.Count == 0 || phases.Contains("*"))
                throw ManifestLoader.Error(reader.File, keys["lifecycle"], $"Channel '{name}': 'lifecycle' lists the environments its releases go through, in order, e.g. lifecycle: [ Test, Production ].");
            // The channel's order must follow the main lifecycle's order: a hotfix skips environments, it never goes backwards.
            var positions = phases.Select(p => environments.ToList().FindIndex(e => string.Equals(e, p, StringComparison.OrdinalIgnoreCase))).ToList();
            if (positions.Zip(positions.Skip(1)).Any(pair => pair.Second <= pair.First))
                throw ManifestLoader.Error(reader.File, keys["lifecycle"], $"Channel '{name}': 'lifecycle' must keep the order of 'environments:' ({string.Join(", ", environments)}), each once.");
            lifecycles[name] = phases.Select(p => environments.First(e => string.Equals(e, p, StringComparison.OrdinalIgnoreCase))).ToList();
        }

        return lifecycles;
    }
}
