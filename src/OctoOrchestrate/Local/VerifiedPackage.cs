using System.IO.Compression;
using System.Security.Cryptography;
using OctoOrchestrate.Release;

namespace OctoOrchestrate.Local;

/// <summary>
/// Extracts a release's stored package only after checking it against the SHA-256 recorded when it was released: a package changed
/// afterwards (tampered, or damaged on disk) fails the deployment and nothing is extracted. Hash and extraction read one open file,
/// so the bytes checked are the bytes installed.
/// </summary>
internal static class VerifiedPackage
{
    public static void Extract(ReleaseInfo release, string installDirectory)
    {
        FileStream package;
        try
        {
            package = new FileStream(release.PackagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OctoOrchestrateException(
                $"the stored package '{release.PackagePath}' of {release.Component} {release.Version} is missing; nothing was extracted. Restore it, or release a new version.",
                ExitCodes.Failed, ex);
        }

        using (package)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(package));
            if (!string.Equals(actual, release.PackageSha256, StringComparison.OrdinalIgnoreCase))
                throw new OctoOrchestrateException(
                    $"the package '{release.PackagePath}' does not match the SHA-256 recorded when {release.Component} {release.Version} was released " +
                    $"(recorded {release.PackageSha256[..12]}…, file {actual[..12]}…): it was changed afterwards, so nothing was extracted. " +
                    "Restore the original package, or release a new version.",
                    ExitCodes.Failed);
            package.Position = 0;
            ExtractInPlaceOf(package, installDirectory);
        }
    }

    /// <summary>Extracts into a temporary sibling and renames it into place, so an install folder is never half-written.</summary>
    static void ExtractInPlaceOf(Stream package, string installDirectory)
    {
        var parent = Path.GetDirectoryName(installDirectory)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".extract-{Path.GetFileName(installDirectory)}-{Guid.NewGuid():N}");
        try
        {
            // Created first: a package with no entries (a component without build output) installs as an empty folder.
            Directory.CreateDirectory(temporary);
            ZipFile.ExtractToDirectory(package, temporary);
            if (Directory.Exists(installDirectory)) Directory.Delete(installDirectory, recursive: true);
            Directory.Move(temporary, installDirectory);
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }
}
