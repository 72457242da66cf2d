using System.Globalization;

namespace OctoOrchestrate.Version;

/// <summary>A component's <c>Year.Minor.Patch.Build</c>: the release train plus a per-component build counter.</summary>
public readonly record struct ComponentVersion(int Year, int Minor, int Patch, int Build) : IComparable<ComponentVersion>
{
    /// <summary>Every part ends up in an assembly or file version, whose parts stop at 65534.</summary>
    public const int MaxPart = 65534;

    public string Train => $"{Year}.{Minor}.{Patch}";

    public static ComponentVersion Create(string train, int build)
    {
        var parts = train.Split('.');
        return parts.Length == 3 && TryParse($"{train}.{build}", out var version) ? version
            : throw new BadInputException($"'{train}.{build}' is not Year.Minor.Patch.Build with parts from 0 to {MaxPart}.");
    }

    public static bool TryParse(string? text, out ComponentVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 4 }) return false;
        var numbers = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 5 || !parts[i].All(char.IsAsciiDigit)) return false;
            numbers[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
            if (numbers[i] > MaxPart) return false;
        }

        version = new ComponentVersion(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }

    public int CompareTo(ComponentVersion other) =>
        (Year, Minor, Patch, Build).CompareTo((other.Year, other.Minor, other.Patch, other.Build));

    public override string ToString() => $"{Year}.{Minor}.{Patch}.{Build}";
}
