using System.Text;
using System.Text.RegularExpressions;

namespace OctoOrchestrate.Tests.Cli.Progress;

/// <summary>
/// The few terminal controls the progress display writes (newline, ESC[nF cursor up n lines to column 1, ESC[J clear to
/// the end of the screen), applied to a list of rows: what a person would see. Anything else is kept as text, so an
/// unexpected control sequence shows up in the assertion.
/// </summary>
internal static partial class ScreenEmulator
{
    public static List<string> Render(string output)
    {
        var rows = new List<StringBuilder> { new() };
        var row = 0;
        var i = 0;
        while (i < output.Length)
        {
            var control = Control().Match(output, i);
            if (control.Success && control.Index == i)
            {
                if (control.Groups["op"].Value == "F") row = Math.Max(0, row - int.Parse(control.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
                else rows.RemoveRange(row + 1, rows.Count - row - 1);
                rows[row].Clear();
                i += control.Length;
                continue;
            }

            if (output[i] == '\n')
            {
                row++;
                if (row == rows.Count) rows.Add(new StringBuilder());
            }
            else if (output[i] != '\r') rows[row].Append(output[i]);
            i++;
        }

        return rows.Select(r => r.ToString()).Where((r, index) => index < rows.Count - 1 || r.Length > 0).ToList();
    }

    [GeneratedRegex(@"\e\[(?<n>\d+)(?<op>F)|\e\[(?<op>J)")]
    private static partial Regex Control();
}
