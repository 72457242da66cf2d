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
            var key = (keyNode as YamlScalarNode)?.Value
                ?? throw ManifestLoader.Error(File, keyNode, $"A key in {where} is a list or mapping; keys must be plain text such as 'name'. Remove the '?' or the brackets around the key.");
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var near = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase))
                    ?? allowed.FirstOrDefault(a => key.Length > 2 && (a.StartsWith(key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(a, StringComparison.OrdinalIgnoreCase)))
                    ?? Suggestions.Closest(key, allowed);
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

    /// <summary>A scalar that becomes a folder, file or tag name: checked by <see cref="NameRules"/>.</summary>
    public string? Name(Dictionary<string, YamlNode> keys, string key, YamlNode owner, string what)
    {
        var value = Scalar(keys, key, owner);
        return value is not null && NameRules.Check(File, (int)keys[key].Start.Line, what, value) is { } error ? throw error : value;
    }

    /// <summary>A list of names (e.g. environments), each checked by <see cref="NameRules"/> at its own line.</summary>
    public List<string> Names(Dictionary<string, YamlNode> keys, string key, string what)
    {
        var names = new List<string>();
        foreach (var item in Items(keys, key))
        {
            if (NameRules.Check(File, (int)item.Start.Line, what, item.Value!) is { } error) throw error;
            names.Add(item.Value!);
        }

        return names;
    }

    public bool? Bool(Dictionary<string, YamlNode> keys, string key, YamlNode owner) =>
        Scalar(keys, key, owner) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var other => throw ManifestLoader.Error(File, keys[key], $"'{key}: {other}' must be true or false."),
        };

    public List<string> Strings(Dictionary<string, YamlNode> keys, string key) => Items(keys, key).Select(item => item.Value!).ToList();

    /// <summary>
    /// The non-empty text entries of a list, as nodes so checks can name each entry's own line (nodes, not tuples: a list of
    /// a value type would be JIT-compiled on every CLI start).
    /// </summary>
    public List<YamlScalarNode> Items(Dictionary<string, YamlNode> keys, string key)
    {
        if (!keys.TryGetValue(key, out var node)) return [];
        return Sequence(node, key).Select(item => item is YamlScalarNode { Value.Length: > 0 } scalar ? scalar
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
