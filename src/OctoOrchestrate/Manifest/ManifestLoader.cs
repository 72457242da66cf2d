using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Manifest;

/// <summary>Reads <c>octo-orchestrate.yaml</c> strictly: every mistake is reported with its file, line and fix.</summary>
public static partial class ManifestLoader
{
    public const string DefaultFileName = "octo-orchestrate.yaml";

    static readonly string[] TopLevelKeys = ["train", "globalFiles", "environments", "channels", "components", "secrets", "teams", "fourEyes", "notify"]; // the last three: Governance/GovernancePolicy
    static readonly string[] ComponentKeys = ["name", "paths", "uses", "deployAfter", "packageId", "project", "deployable", "build", "deploy", "test"];
    static readonly string[] ChannelKeys = ["name", "versionRule", "default", "lifecycle"];

    /// <summary>Finds the manifest: an explicit file or folder, else <see cref="DefaultFileName"/> in <paramref name="startDirectory"/> or above.</summary>
    public static string Locate(string? manifestPath, string startDirectory)
    {
        if (manifestPath is not null)
        {
            var full = Path.GetFullPath(manifestPath, startDirectory);
            if (Directory.Exists(full)) full = Path.Combine(full, DefaultFileName);
            return File.Exists(full) ? full
                : throw new BadInputException($"--manifest: '{full}' does not exist. Pass the path of an {DefaultFileName} file.");
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultFileName);
            if (File.Exists(candidate)) return candidate;
        }

        throw new BadInputException($"No {DefaultFileName} in '{startDirectory}' or any folder above it. Create one at the monorepo root or pass --manifest PATH.");
    }

    public static MonorepoManifest Load(string path)
    {
        var file = Path.GetFullPath(path);
        return Parse(Decode(ReadBytes(file)), file);
    }

    internal static byte[] ReadBytes(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (IOException ex)
        {
            throw new BadInputException($"{file}: cannot be read: {ex.Message}");
        }
    }

    /// <summary>Decodes as <see cref="File.ReadAllText(string)"/> does: UTF-8 unless a byte order mark says otherwise.</summary>
    internal static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Parses manifest text; <paramref name="file"/> locates errors and anchors relative paths.</summary>
    public static MonorepoManifest Parse(string text, string file)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(text)) stream.Load(reader);
            root = stream.Documents.Count == 0 ? throw new ManifestException(file, 0, "The manifest is empty. Add at least 'train' and 'components'.")
                : stream.Documents[0].RootNode as YamlMappingNode ?? throw Error(file, stream.Documents[0].RootNode, "The manifest must be a mapping with keys such as 'train' and 'components'.");
        }
        catch (YamlException ex)
        {
            throw new ManifestException(file, (int)ex.Start.Line, $"Invalid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        var reader2 = new NodeReader(file);
        var top = reader2.Keys(root, TopLevelKeys, "top level");
        var train = reader2.Scalar(top, "train", root) ?? throw Error(file, root, "Missing 'train'. Add 'train: 2026.1.0' (Year.Minor.Patch of the current release train).");
        if (!TrainPattern().IsMatch(train) || train.Split('.').Any(p => int.Parse(p) > 65534))
            throw Error(file, top["train"], $"'train: {train}' is not Year.Minor.Patch with parts up to 65534. Write it like 'train: 2026.4.0'.");

        var globals = reader2.Strings(top, "globalFiles");
        var environments = reader2.Strings(top, "environments");
        if (environments.Count == 0) environments = ["Dev", "Test", "Staging", "Production"];
        reader2.Unique(environments, top.GetValueOrDefault("environments"), "environment");

        var channels = ReadChannels(reader2, top);
        var components = ReadComponents(reader2, top, root);
        var manifest = new MonorepoManifest(file, train, globals, environments, channels, components) { Secrets = ReadSecrets(reader2, top) };
        ManifestGraph.Validate(manifest);
        return manifest;
    }

    static List<ChannelDefinition> ReadChannels(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        if (!top.TryGetValue("channels", out var node)) return [new ChannelDefinition("Default", null, true)];
        var channels = new List<ChannelDefinition>();
        foreach (var item in reader.Sequence(node, "channels"))
        {
            var keys = reader.Keys(item, ChannelKeys, "a channel");
            var name = reader.Scalar(keys, "name", item) ?? throw Error(reader.File, item, "A channel needs a 'name'.");
            var rule = reader.Scalar(keys, "versionRule", item);
            var isDefault = reader.Bool(keys, "default", item) ?? false;
            channels.Add(new ChannelDefinition(name, rule, isDefault));
        }

        reader.Unique(channels.Select(c => c.Name).ToList(), node, "channel");
        return channels.Count(c => c.IsDefault) switch
        {
            0 when channels.Count > 0 => [channels[0] with { IsDefault = true }, .. channels.Skip(1)],
            0 => [new ChannelDefinition("Default", null, true)],
            1 => channels,
            _ => throw Error(reader.File, node, "More than one channel has 'default: true'. Mark exactly one."),
        };
    }

    static List<ComponentDefinition> ReadComponents(NodeReader reader, Dictionary<string, YamlNode> top, YamlNode root)
    {
        if (!top.TryGetValue("components", out var node))
            throw Error(reader.File, root, "Missing 'components'. List each component with a 'name' and its 'paths'.");
        var components = new List<ComponentDefinition>();
        foreach (var item in reader.Sequence(node, "components"))
        {
            var keys = reader.Keys(item, ComponentKeys, "a component");
            var name = reader.Scalar(keys, "name", item) ?? throw Error(reader.File, item, "A component needs a 'name'.");
            if (!NamePattern().IsMatch(name))
                throw Error(reader.File, keys["name"], $"Component name '{name}' may hold only letters, digits, '.', '_' and '-' (it names tags and folders).");
            var paths = reader.Strings(keys, "paths");
            if (paths.Count == 0)
                throw Error(reader.File, keys.GetValueOrDefault("paths") ?? item, $"Component '{name}' has no 'paths'. Add at least one glob, e.g. paths: [ \"{name}/**\" ].");
            if (paths.All(p => p.StartsWith('!')))
                throw Error(reader.File, keys["paths"], $"Component '{name}' has only '!' exclusions in 'paths', so it owns no file. Add an including glob before them.");
            components.Add(new ComponentDefinition(
                name,
                paths,
                reader.Strings(keys, "uses"),
                reader.Strings(keys, "deployAfter"),
                reader.Scalar(keys, "packageId", item) ?? name,
                reader.Scalar(keys, "project", item) ?? name,
                reader.Bool(keys, "deployable", item) ?? true,
                reader.Scalar(keys, "build", item),
                reader.Scalar(keys, "deploy", item),
                reader.Scalar(keys, "test", item),
                (int)item.Start.Line));
        }

        return components;
    }

    static List<string> ReadSecrets(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        var names = reader.Strings(top, "secrets");
        var invalid = names.Find(n => !VariableNamePattern().IsMatch(n));
        return invalid is null ? names
            : throw Error(reader.File, top["secrets"], $"'secrets' lists environment variable names; '{invalid}' is not one. Write names like 'DB_PASSWORD', not values.");
    }

    internal static ManifestException Error(string file, YamlNode node, string message) => new(file, (int)node.Start.Line, message);

    [GeneratedRegex(@"^\d{4}\.\d{1,5}\.\d{1,5}$")]
    private static partial Regex TrainPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableNamePattern();
}
