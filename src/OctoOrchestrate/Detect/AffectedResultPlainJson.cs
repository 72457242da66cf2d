using System.Text;

namespace OctoOrchestrate.Detect;

/// <summary>
/// The common case of <see cref="AffectedResultJson"/> without System.Text.Json: when every string is printable ASCII
/// other than <c>"</c> and <c>\</c>, no encoder escapes anything, so the text is fixed by the indented layout alone.
/// Loading and warming the JSON writer and its encoder costs more than writing a 1,000-component answer.
/// </summary>
internal static class AffectedResultPlainJson
{
    /// <summary>The JSON text, or null when a string needs escaping (the caller then uses the JSON writer).</summary>
    public static string? TrySerialize(AffectedResult result)
    {
        // Sized for the common answer: a larger first chunk is zeroed memory a one-component answer never touches.
        var text = new StringBuilder(16 * 1024);
        var newLine = Environment.NewLine;
        text.Append('{').Append(newLine);
        if (!Property(text, 1, "base", result.Base, newLine, last: false)
            || !Property(text, 1, "head", result.Head, newLine, last: false)
            || !Property(text, 1, "baseReason", result.BaseReason, newLine, last: false))
            return null;

        text.Append("  \"components\": ");
        if (result.Components.Count == 0) text.Append("[]");
        else
        {
            text.Append('[').Append(newLine);
            for (var i = 0; i < result.Components.Count; i++)
            {
                if (!Component(text, result.Components[i], newLine)) return null;
                text.Append(i < result.Components.Count - 1 ? "," : "").Append(newLine);
            }

            text.Append("  ]");
        }

        text.Append(',').Append(newLine).Append("  \"removed\": ");
        if (result.Removed.Count == 0) text.Append("[]");
        else
        {
            text.Append('[').Append(newLine);
            for (var i = 0; i < result.Removed.Count; i++)
            {
                if (!IsPlain(result.Removed[i])) return null;
                text.Append("    \"").Append(result.Removed[i]).Append('"').Append(i < result.Removed.Count - 1 ? "," : "").Append(newLine);
            }

            text.Append("  ]");
        }

        return text.Append(newLine).Append('}').ToString();
    }

    static bool Component(StringBuilder text, AffectedComponent component, string newLine)
    {
        text.Append("    {").Append(newLine);
        if (!Property(text, 3, "name", component.Name, newLine, last: false)) return false;
        text.Append("      \"reasons\": ");
        if (component.Reasons.Count == 0) text.Append("[]");
        else
        {
            text.Append('[').Append(newLine);
            for (var i = 0; i < component.Reasons.Count; i++)
            {
                var reason = component.Reasons[i];
                text.Append("        {").Append(newLine);
                var hasPath = reason.Path is not null;
                var hasComponent = reason.Component is not null;
                if (!Property(text, 5, "kind", AffectedResultJson.KindName(reason.Kind), newLine, last: !hasPath && !hasComponent)
                    || (hasPath && !Property(text, 5, "path", reason.Path!, newLine, last: !hasComponent))
                    || (hasComponent && !Property(text, 5, "component", reason.Component!, newLine, last: true)))
                    return false;
                text.Append("        }").Append(i < component.Reasons.Count - 1 ? "," : "").Append(newLine);
            }

            text.Append("      ]");
        }

        text.Append(newLine).Append("    }");
        return true;
    }

    static bool Property(StringBuilder text, int depth, string name, string value, string newLine, bool last)
    {
        if (!IsPlain(value)) return false;
        text.Append(' ', depth * 2).Append('"').Append(name).Append("\": \"").Append(value).Append('"');
        if (!last) text.Append(',');
        text.Append(newLine);
        return true;
    }

    static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\') return false;
        }

        return true;
    }
}
