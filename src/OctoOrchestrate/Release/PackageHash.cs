using System.Security.Cryptography;

namespace OctoOrchestrate.Release;

/// <summary>The hash a package is recorded and compared by (<see cref="ReleaseInfo.PackageSha256"/>): SHA-256 of the file, lower-case hex.</summary>
internal static class PackageHash
{
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
