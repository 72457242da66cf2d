using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctoOrchestrate.OctopusSimulator;

internal static partial class SimRoutes
{
    static readonly string[] PackageExtensions = [".tar.gz", ".tar.bz2", ".tar", ".tgz", ".nupkg", ".zip", ".jar"];

    static void MapFeed(IEndpointRouteBuilder app, SimState state)
    {
        app.MapPost("/api/{spaceId}/packages/raw", async (string spaceId, HttpRequest request) =>
        {
            if (!request.HasFormContentType) throw OctopusProblem.BadRequest("A package file must be provided");
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            var file = form.Files.Count == 1 ? form.Files[0] : throw OctopusProblem.BadRequest("A package file must be provided");
            if (file.Length == 0) throw OctopusProblem.BadRequest("The package file provided has a length equal to 0. Please provide a package file with a length greater than 0.");
            var (packageId, version, extension) = ParsePackageFileName(file.FileName);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer).ConfigureAwait(false);
            var hash = Convert.ToHexStringLower(SHA1.HashData(buffer.ToArray()));
            var mode = OverwriteMode(request);
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var existing = state.Packages.FirstOrDefault(p => p.SpaceId == space.Id && p.PackageId == packageId && p.Version == version);
                if (existing is not null)
                {
                    if (mode == "IgnoreIfExists") return Json(Resources.Package(existing), 200);
                    if (mode != "OverwriteExisting")
                        throw new OctopusProblem(409, "A package with the same ID and version already exists. To proceed anyway, specify an overwriteMode of OverwriteExisting or IgnoreIfExists.");
                    existing.Hash = hash;
                    existing.PackageSizeBytes = file.Length;
                    existing.Published = DateTimeOffset.UtcNow;
                    return Json(Resources.Package(existing), 201);
                }

                var package = new SimPackage { SpaceId = space.Id, PackageId = packageId, Version = version, FileExtension = extension, Hash = hash, PackageSizeBytes = file.Length, Published = DateTimeOffset.UtcNow };
                state.Packages.Add(package);
                return Json(Resources.Package(package), 201);
            }
        });
        app.MapGet("/api/{spaceId}/packages", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var id = request.Query["nuGetPackageId"].FirstOrDefault() ?? request.Query["packageId"].FirstOrDefault();
                return Json(Paging.Page(request, "PackageFromBuiltInFeed",
                    state.Packages.Where(p => p.SpaceId == space.Id && (id is null || p.PackageId == id)).OrderByDescending(p => p.Published).ToList(), Resources.Package));
            }
        });
        app.MapPost("/api/{spaceId}/build-information", async (string spaceId, HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
            var root = document.RootElement;
            string? Text(string name) => root.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var packageId = Text("PackageId");
            var version = Text("Version");
            if (string.IsNullOrWhiteSpace(packageId) || string.IsNullOrWhiteSpace(version) || !SemVer().IsMatch(version))
                throw OctopusProblem.BadRequest("A valid PackageId and Version must be provided.");
            var information = root.EnumerateObject().FirstOrDefault(p => p.Name.Equals("OctopusBuildInformation", StringComparison.OrdinalIgnoreCase)).Value;
            var values = information.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Deserialize<Dictionary<string, object?>>(information.GetRawText(), SimJson.Options)!
                : [];
            var mode = Text("OverwriteMode") ?? OverwriteMode(request);
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var existing = state.BuildInformation.FirstOrDefault(b => b.SpaceId == space.Id && b.PackageId == packageId && b.Version == version);
                if (existing is not null)
                {
                    if (mode == "IgnoreIfExists") return Json(Resources.BuildInformation(existing));
                    if (mode != "OverwriteExisting")
                        throw new OctopusProblem(409, "Metadata for the specified Package ID and version already exists. To proceed anyway, specify an overwriteMode of OverwriteExisting or IgnoreIfExists.");
                    existing.Information = values;
                    return Json(Resources.BuildInformation(existing));
                }

                var record = new SimBuildInformation { Id = state.NextId("BuildInformation"), SpaceId = space.Id, PackageId = packageId, Version = version, Information = values, Created = DateTimeOffset.UtcNow };
                state.BuildInformation.Add(record);
                return Json(Resources.BuildInformation(record));
            }
        });
        app.MapGet("/api/{spaceId}/build-information", (string spaceId, HttpRequest request) =>
        {
            lock (state.Gate)
            {
                var space = Space(state, spaceId);
                var id = request.Query["packageId"].FirstOrDefault();
                return Json(Paging.Page(request, "BuildInformation", state.BuildInformation.Where(b => b.SpaceId == space.Id && (id is null || b.PackageId == id)).Reverse().ToList(), Resources.BuildInformation));
            }
        });
    }

    static string OverwriteMode(HttpRequest request) =>
        request.Query["overwriteMode"].FirstOrDefault() ?? (string.Equals(request.Query["replace"], "true", StringComparison.OrdinalIgnoreCase) ? "OverwriteExisting" : "FailIfExists");

    /// <summary><c>&lt;PackageId&gt;.&lt;Version&gt;.&lt;ext&gt;</c>, as OC's PackageIdentityParser reads it.</summary>
    static (string PackageId, string Version, string Extension) ParsePackageFileName(string fileName)
    {
        var extension = PackageExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            ?? throw OctopusProblem.BadRequest($"'{fileName}' is not a supported package file (expected one of {string.Join(", ", PackageExtensions)}).");
        var match = PackageName().Match(fileName[..^extension.Length]);
        return match.Success ? (match.Groups["id"].Value, match.Groups["version"].Value, extension)
            : throw OctopusProblem.BadRequest($"The package file name '{fileName}' must be <PackageId>.<Version>{extension}.");
    }

    [GeneratedRegex(@"^(?<id>.+?)\.(?<version>\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?)$")]
    private static partial Regex PackageName();
}
