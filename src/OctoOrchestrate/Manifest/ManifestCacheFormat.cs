using System.Text;

namespace OctoOrchestrate.Manifest;

/// <summary>A validated manifest as a flat binary file; the manifest's path is not stored, so a moved checkout still hits.</summary>
internal static class ManifestCacheFormat
{
    const string Magic = "octo-orchestrate manifest cache v3";
    const string End = "end";

    public static void Write(string path, byte[] toolBuild, byte[] manifestBytes, MonorepoManifest manifest)
    {
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(toolBuild.Length);
        writer.Write(toolBuild);
        writer.Write(manifestBytes.Length);
        writer.Write(manifestBytes);
        writer.Write(manifest.Train);
        WriteStrings(writer, manifest.GlobalFiles);
        WriteStrings(writer, manifest.Environments);
        writer.Write(manifest.Channels.Count);
        foreach (var channel in manifest.Channels)
        {
            writer.Write(channel.Name);
            WriteOptional(writer, channel.VersionRule);
            writer.Write(channel.IsDefault);
        }

        writer.Write(manifest.Components.Count);
        foreach (var component in manifest.Components)
        {
            writer.Write(component.Name);
            WriteStrings(writer, component.Paths);
            WriteStrings(writer, component.Uses);
            WriteStrings(writer, component.DeployAfter);
            writer.Write(component.PackageId);
            writer.Write(component.Project);
            writer.Write(component.Deployable);
            WriteOptional(writer, component.Build);
            WriteOptional(writer, component.Deploy);
            WriteOptional(writer, component.Test);
            writer.Write(component.Line);
            WriteStrings(writer, component.Train.TestIn);
            writer.Write(component.Train.RollForward);
            WriteOptional(writer, component.Train.OnDeployFailed);
        }

        WriteStrings(writer, manifest.Secrets);
        WriteOptional(writer, manifest.Octopus?.Server);
        WriteOptional(writer, manifest.Octopus?.Space);
        writer.Write(manifest.Octopus is not null);
        writer.Write(manifest.Approvals.Count);
        foreach (var (environment, groups) in manifest.Approvals)
        {
            writer.Write(environment);
            WriteStrings(writer, groups);
        }

        writer.Write(manifest.Tenants.Count);
        foreach (var tenant in manifest.Tenants)
        {
            writer.Write(tenant.Name);
            WriteStrings(writer, tenant.Environments);
            WriteStrings(writer, tenant.Components);
            writer.Write(tenant.Line);
        }

        writer.Write(End);
    }

    /// <summary>
    /// The cached manifest, or null when the entry is missing, from another format or tool build, cut short, or made
    /// from other bytes than <paramref name="manifestBytes"/>.
    /// </summary>
    public static MonorepoManifest? TryRead(string path, byte[] toolBuild, byte[] manifestBytes, string manifestFile)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(File.ReadAllBytes(path)), Encoding.UTF8);
            if (reader.ReadString() != Magic || !SameBytes(reader, toolBuild) || !SameBytes(reader, manifestBytes)) return null;
            var train = reader.ReadString();
            var globals = ReadStrings(reader);
            var environments = ReadStrings(reader);
            var channels = new ChannelDefinition[Count(reader)];
            for (var i = 0; i < channels.Length; i++) channels[i] = new ChannelDefinition(reader.ReadString(), ReadOptional(reader), reader.ReadBoolean());
            var components = new ComponentDefinition[Count(reader)];
            for (var i = 0; i < components.Length; i++)
            {
                components[i] = new ComponentDefinition(
                    reader.ReadString(), ReadStrings(reader), ReadStrings(reader), ReadStrings(reader), reader.ReadString(), reader.ReadString(),
                    reader.ReadBoolean(), ReadOptional(reader), ReadOptional(reader), ReadOptional(reader), reader.ReadInt32())
                    { Train = new TrainSettings(ReadStrings(reader), reader.ReadBoolean(), ReadOptional(reader)) };
            }

            var secrets = ReadStrings(reader);
            var (server, space, hasOctopus) = (ReadOptional(reader), ReadOptional(reader), reader.ReadBoolean());
            var approvals = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            for (var i = Count(reader); i > 0; i--) approvals[reader.ReadString()] = ReadStrings(reader);
            var tenants = new TenantDefinition[Count(reader)];
            for (var i = 0; i < tenants.Length; i++) tenants[i] = new TenantDefinition(reader.ReadString(), ReadStrings(reader), ReadStrings(reader), reader.ReadInt32());
            return reader.ReadString() == End && reader.BaseStream.Position == reader.BaseStream.Length
                ? new MonorepoManifest(manifestFile, train, globals, environments, channels, components)
                {
                    Secrets = secrets,
                    Octopus = hasOctopus ? new OctopusSettings(server, space) : null,
                    Approvals = approvals,
                    Tenants = tenants,
                }
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    static bool SameBytes(BinaryReader reader, byte[] expected) =>
        reader.ReadInt32() == expected.Length && reader.ReadBytes(expected.Length).AsSpan().SequenceEqual(expected);

    static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.Write(value);
    }

    static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[Count(reader)];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadString();
        return values;
    }

    static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    // A corrupt count would otherwise allocate an enormous array before the end marker could reject the entry.
    static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position ? count
            : throw new InvalidDataException("The manifest cache entry is corrupt.");
    }
}
