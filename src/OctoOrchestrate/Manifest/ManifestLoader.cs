using System.Text.RegularExpressions;
using OctoOrchestrate.Detect;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OctoOrchestrate.Manifest;

/// <summary>Reads <c>octo-orchestrate.yaml</c> strictly: every mistake is reported with its file, line and fix.</summary>
public static partial class ManifestLoader
{
    public const string DefaultFileName = "octo-orchestrate.yaml";

    // teams, fourEyes and notify are read by Governance/GovernancePolicy.
    static readonly string[] TopLevelKeys = ["train", "globalFiles", "environments", "channels", "components", "secrets", "octopus", "teams", "fourEyes", "notify", "tenants"];

    static readonly string[] OctopusKeys = ["server", "space"];
    static readonly string[] ComponentKeys = ["name", "paths", "uses", "deployAfter", "packageId", "project", "deployable", "build", "deploy", "test", "testIn", "rollback", "onDeployFailed"];
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
        return Parse(Decode(ReadBytes(file), file), file);
    }

    /// <summary>
    /// The largest manifest file read, in bytes. Past <see cref="BoundedYamlParser.MaxExpandedSize"/> characters the parse
    /// fails anyway; this stops a huge file (or a device such as /dev/zero) before it is read into memory.
    /// </summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;

    internal static byte[] ReadBytes(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            // Read to the end rather than trusting Length: a device or a file still being written has more (or other) bytes.
            var bytes = new MemoryStream(stream.CanSeek ? (int)Math.Min(stream.Length, MaxFileBytes) : 0);
            var chunk = new byte[64 * 1024];
            for (int read; (read = stream.Read(chunk)) > 0;)
            {
                if (bytes.Length + read > MaxFileBytes) throw TooLarge(file);
                bytes.Write(chunk, 0, read);
            }

            return bytes.Length == bytes.Capacity ? bytes.GetBuffer() : bytes.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{file}: cannot be read: {ex.Message}");
        }
    }

    static ManifestException TooLarge(string file) =>
        new(file, 0, $"The manifest is larger than {MaxFileBytes / 1024 / 1024} MB (the limit). Split what it lists, or remove generated content.");

    /// <summary>UTF-8 (or UTF-16/32 with a byte order mark); invalid bytes are an error at their line.</summary>
    internal static string Decode(byte[] bytes, string file) => ManifestText.Decode(bytes, file);

    /// <summary>Parses manifest text; <paramref name="file"/> locates errors and anchors relative paths.</summary>
    public static MonorepoManifest Parse(string text, string file)
    {
        ManifestText.CheckCharacters(text, file);
        YamlMappingNode root;
        BoundedYamlParser? parser = null;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(text)) stream.Load(parser = new BoundedYamlParser(new Parser(reader), file));
            root = stream.Documents.Count == 0 ? throw new ManifestException(file, 0, "The manifest is empty. Add at least 'train' and 'components'.")
                : stream.Documents[0].RootNode as YamlMappingNode ?? throw Error(file, stream.Documents[0].RootNode, "The manifest must be a mapping with keys such as 'train' and 'components'.");
        }
        catch (YamlException ex)
        {
            var tab = ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? " Indent with spaces: YAML does not allow tabs there." : "";
            throw new ManifestException(file, ErrorLine(text, ex), $"Invalid YAML: {ex.InnerException?.Message ?? ex.Message}{tab}");
        }
        catch (Exception ex) when (ex is not ManifestException and not OutOfMemoryException)
        {
            // YamlDotNet fails on some broken input without a YamlException (e.g. InvalidOperationException on an unclosed
            // '[' before a comment); the manifest is still the user's mistake, so it is reported like any other.
            throw new ManifestException(file, parser?.LastLine ?? 0,
                $"Invalid YAML after this line (the YAML parser stopped with {ex.GetType().Name}). Check that every '[', '{{' and quote here is closed.");
        }

        var reader2 = new NodeReader(file);
        var top = reader2.Keys(root, TopLevelKeys, "top level");
        var train = reader2.Scalar(top, "train", root) ?? throw Error(file, root, "Missing 'train'. Add 'train: 2026.1.0' (Year.Minor.Patch of the current release train).");
        if (!TrainPattern().IsMatch(train) || train.Split('.').Any(p => int.Parse(p) > 65534))
            throw Error(file, top["train"], $"'train: {train}' is not Year.Minor.Patch with parts up to 65534. Write it like 'train: 2026.4.0'.");

        var globals = Globs(reader2, top, "globalFiles");
        var (environments, approvals) = ReadEnvironments(reader2, top);

        var channels = ReadChannels(reader2, top);
        var components = ReadComponents(reader2, top, root);
        var manifest = new MonorepoManifest(file, train, globals, environments, channels, components)
        {
            Secrets = ReadSecrets(reader2, top),
            Octopus = ReadOctopus(reader2, top),
            Approvals = approvals,
            Tenants = ReadTenants(reader2, top),
        };
        ManifestGraph.Validate(manifest);
        ValidateTrainSettings(manifest);
        ValidateTenants(manifest);
        return manifest;
    }

    /// <summary><c>octopus: { server, space }</c>. A key there would be committed with the repository: it is refused, naming where keys go.</summary>
    static OctopusSettings? ReadOctopus(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        if (!top.TryGetValue("octopus", out var node)) return null;
        if (node is YamlMappingNode mapping && mapping.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value?.Contains("key", StringComparison.OrdinalIgnoreCase) == true) is { } secret)
            throw Error(reader.File, secret, $"'octopus: {secret.Value}' is not allowed: an API key must never be committed. Set OCTOPUS_API_KEY (or pass --api-key-file PATH) where the job runs.");
        var keys = reader.Keys(node, OctopusKeys, "octopus");
        return new OctopusSettings(reader.Scalar(keys, "server", node), reader.Scalar(keys, "space", node));
    }

    static List<ChannelDefinition> ReadChannels(NodeReader reader, Dictionary<string, YamlNode> top)
    {
        if (!top.TryGetValue("channels", out var node)) return [new ChannelDefinition("Default", null, true)];
        var channels = new List<ChannelDefinition>();
        foreach (var item in reader.Sequence(node, "channels"))
        {
            var keys = reader.Keys(item, ChannelKeys, "a channel");
            var name = reader.Name(keys, "name", item, "Channel") ?? throw Error(reader.File, item, "A channel needs a 'name'.");
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
            var name = reader.Name(keys, "name", item, "Component") ?? throw Error(reader.File, item, "A component needs a 'name'.");
            var paths = Globs(reader, keys, "paths");
            if (paths.Count == 0)
                throw Error(reader.File, keys.GetValueOrDefault("paths") ?? item, $"Component '{name}' has no 'paths'. Add at least one glob, e.g. paths: [ \"{name}/**\" ].");
            if (paths.All(p => p.StartsWith('!')))
                throw Error(reader.File, keys["paths"], $"Component '{name}' has only '!' exclusions in 'paths', so it owns no file. Add an including glob before them.");
            components.Add(new ComponentDefinition(
                name,
                paths,
                reader.Strings(keys, "uses"),
                reader.Strings(keys, "deployAfter"),
                reader.Name(keys, "packageId", item, "Package") ?? name,
                reader.Name(keys, "project", item, "Project") ?? name,
                reader.Bool(keys, "deployable", item) ?? true,
                reader.Scalar(keys, "build", item),
                reader.Scalar(keys, "deploy", item),
                reader.Scalar(keys, "test", item),
                (int)item.Start.Line) with { Train = ReadTrainSettings(reader, keys, item) });
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

    /// <summary>A list of path globs, each checked by <see cref="Glob.Problem"/> at its own line.</summary>
    static List<string> Globs(NodeReader reader, Dictionary<string, YamlNode> keys, string key)
    {
        var globs = new List<string>();
        foreach (var node in reader.Items(keys, key))
        {
            if (Glob.Problem(node.Value!) is { } problem) throw Error(reader.File, node, $"'{key}' entry \"{node.Value}\" {problem}");
            globs.Add(node.Value!);
        }

        return globs;
    }

    /// <summary>
    /// The line to name for a YAML syntax error. YamlDotNet puts a tab used as indentation at the start of the mapping it
    /// breaks; the tab's own line is the first at or after that whose indentation holds a tab.
    /// </summary>
    static int ErrorLine(string text, YamlException ex)
    {
        var line = (int)ex.Start.Line;
        if (!ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)) return line;
        var lines = text.Split('\n');
        for (var i = Math.Max(line - 1, 0); i < lines.Length; i++)
        {
            var indentation = lines[i].AsSpan(0, lines[i].Length - lines[i].AsSpan().TrimStart(" \t").Length);
            if (indentation.Contains('\t')) return i + 1;
        }

        return line;
    }

    internal static ManifestException Error(string file, YamlNode node, string message) => new(file, (int)node.Start.Line, message);

    [GeneratedRegex(@"^\d{4}\.\d{1,5}\.\d{1,5}$")]
    private static partial Regex TrainPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableNamePattern();
}
