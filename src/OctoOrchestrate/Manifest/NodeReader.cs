using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Manifest;

/// <summary>Typed, line-aware access to YAML nodes: each wrong shape becomes a <see cref="ManifestException"/>.</summary>
internal sealed class NodeReader(string file)
{
    public string File { get; } = file;

    public Dictionary<string, YamlNode> Keys(YamlNode node, string[] allowed, string where)
    {
        if (node is not YamlMappingNode mapping)
            throw ManifestLoader.Error(File, node, $"Expected a mapping at {where}.");
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var near = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase))
                    ?? allowed.FirstOrDefault(a => key.Length > 2 && (a.StartsWith(key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(a, StringComparison.OrdinalIgnoreCase)));
                var hint = near is not null ? $"Did you mean '{near}'?" : $"Allowed keys: {string.Join(", ", allowed)}.";
                throw ManifestLoader.Error(File, keyNode, $"Unknown key '{key}' in {where}. {hint}");
            }

            if (!result.TryAdd(key, value)) throw ManifestLoader.Error(File, keyNode, $"Key '{key}' appears twice in {where}. Keep one.");
        }

        return result;
    }

    public string? Scalar(Dictionary<string, YamlNode> keys, string key, YamlNode owner) =>
        !keys.TryGetValue(key, out var node) ? null
        : node is YamlScalarNode { Value: { Length: > 0 } value } ? value
        : throw ManifestLoader.Error(File, node, $"'{key}' must be a non-empty text value.");

    public bool? Bool(Dictionary<string, YamlNode> keys, string key, YamlNode owner) =>
        Scalar(keys, key, owner) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var other => throw ManifestLoader.Error(File, keys[key], $"'{key}: {other}' must be true or false."),
        };

    public List<string> Strings(Dictionary<string, YamlNode> keys, string key)
    {
        if (!keys.TryGetValue(key, out var node)) return [];
        return Sequence(node, key).Select(item => item is YamlScalarNode { Value: { Length: > 0 } value } ? value
            : throw ManifestLoader.Error(File, item, $"Each entry of '{key}' must be a non-empty text value.")).ToList();
    }

    public IEnumerable<YamlNode> Sequence(YamlNode node, string key) =>
        node is YamlSequenceNode sequence ? sequence.Children
        : throw ManifestLoader.Error(File, node, $"'{key}' must be a list, e.g. {key}: [ a, b ] or one '- item' per line.");

    public void Unique(IReadOnlyList<string> names, YamlNode? node, string what)
    {
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null && node is not null)
            throw ManifestLoader.Error(File, node, $"The {what} '{duplicate.Key}' is listed twice. Names must be unique.");
    }
}
