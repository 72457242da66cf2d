namespace OctoOrchestrate.Manifest;

/// <summary>"Did you mean" hints: the known name equal ignoring case, else the closest one within a couple of typos.</summary>
internal static class Suggestions
{
    /// <summary>" Did you mean 'X'?" or "" when no known name is close.</summary>
    public static string DidYouMean(string given, IEnumerable<string> known)
    {
        var best = Closest(given, known);
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    public static string? Closest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            if (string.Equals(name, given, StringComparison.OrdinalIgnoreCase)) return name;
            var distance = Distance(given.ToUpperInvariant(), name.ToUpperInvariant());
            if (distance < bestDistance) (best, bestDistance) = (name, distance);
        }

        // Up to a third of the name may differ: 'Prodction' finds 'Production', 'xyz' finds nothing.
        return best is not null && bestDistance <= Math.Max(1, given.Length / 3) ? best : null;
    }

    static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
