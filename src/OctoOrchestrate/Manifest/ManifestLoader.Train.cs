using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Manifest;

/// <summary>The manifest keys the release train's promotions read: environment approvals and per-component testIn, rollback, onDeployFailed.</summary>
public static partial class ManifestLoader
{
    static readonly string[] EnvironmentKeys = ["name", "approvals"];

    /// <summary>An entry of <c>environments:</c> is a name, or a mapping <c>- name: Production  approvals: [QA, Business Owner]</c>.</summary>
    static (List<string> Names, Dictionary<string, IReadOnlyList<string>> Approvals) ReadEnvironments(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        var approvals = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (!top.TryGetValue("environments", out var node)) return (["Dev", "Test", "Staging", "Production"], approvals);
        var names = new List<string>();
        foreach (var item in reader.Sequence(node, "environments"))
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } plain })
            {
                if (NameRules.Check(reader.File, (int)item.Start.Line, "Environment", plain) is { } invalid) throw invalid;
                names.Add(plain);
                continue;
            }

            if (item is not YamlMappingNode)
                throw Error(reader.File, item, "Each entry of 'environments' is a name or a mapping like '- name: Production' with 'approvals: [QA]'.");
            var keys = reader.Keys(item, EnvironmentKeys, "an environment");
            var name = reader.Name(keys, "name", item, "Environment") ?? throw Error(reader.File, item, "An environment mapping needs a 'name'.");
            var groups = new List<string>();
            foreach (var group in reader.Items(keys, "approvals"))
            {
                // Approval groups are what people type after --group ("Business Owner"), never a folder: the display-name rule.
                if (DisplayNameRules.Check(reader.File, (int)group.Start.Line, "Approval group", group.Value!) is { } invalid) throw invalid;
                groups.Add(group.Value!);
            }

            reader.Unique(groups, keys.GetValueOrDefault("approvals"), "approval group");
            names.Add(name);
            if (groups.Count > 0) approvals[name] = groups;
        }

        if (names.Count == 0) names = ["Dev", "Test", "Staging", "Production"];
        reader.Unique(names, node, "environment");
        return (names, approvals);
    }

    static TrainSettings ReadTrainSettings(NodeReader reader, Dictionary<string, YamlNode> keys, YamlNode item)
    {
        var rollback = reader.Scalar(keys, "rollback", item);
        if (rollback is not (null or "roll-forward" or "redeploy"))
            throw Error(reader.File, keys["rollback"], $"'rollback: {rollback}' must be 'redeploy' (the default) or 'roll-forward' (a rollback never takes this component back).");
        var testIn = reader.Strings(keys, "testIn");
        return testIn.Count == 0 && rollback is null && !keys.ContainsKey("onDeployFailed") ? TrainSettings.None
            : new TrainSettings(testIn, rollback == "roll-forward", reader.Scalar(keys, "onDeployFailed", item));
    }

    /// <summary>testIn names environments of the lifecycle; a typo would silently never test.</summary>
    static void ValidateTrainSettings(MonorepoManifest manifest)
    {
        foreach (var component in manifest.Components)
        {
            var unknown = component.Train.TestIn.FirstOrDefault(e => !manifest.Environments.Contains(e, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
                throw new ManifestException(manifest.FilePath, component.Line,
                    $"Component '{component.Name}' has 'testIn: {unknown}', which is not in 'environments' ({string.Join(", ", manifest.Environments)}). Use one of those names.");
            if (component.Train.TestIn.Count > 0 && component.Test is null)
                throw new ManifestException(manifest.FilePath, component.Line, $"Component '{component.Name}' has 'testIn' but no 'test' command. Add 'test: ...' or remove 'testIn'.");
        }
    }
}
