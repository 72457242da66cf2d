using System.CommandLine;
using System.CommandLine.Parsing;

namespace OctoOrchestrate.Cli;

/// <summary>
/// System.CommandLine's parse errors in the tool's words: a value that is not a number of the option's type names the flag
/// and the range instead of "Cannot parse argument … as expected type 'System.Nullable`1[System.Int32]'".
/// </summary>
internal static class ParseErrors
{
    public static string Readable(ParseError error)
    {
        var (flag, valueType, tokens) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Option.ValueType, option.Tokens),
            ArgumentResult { Parent: OptionResult option } argument => (option.Option.Name, argument.Argument.ValueType, argument.Tokens),
            ArgumentResult argument => (argument.Argument.Name, argument.Argument.ValueType, argument.Tokens),
            _ => ("", typeof(void), (IReadOnlyList<Token>)[]),
        };
        var type = Nullable.GetUnderlyingType(valueType) ?? valueType;
        var range = type == typeof(int) ? $"{int.MinValue} to {int.MaxValue}" : type == typeof(long) ? $"{long.MinValue} to {long.MaxValue}" : null;
        if (range is null || tokens.Count == 0 || !error.Message.StartsWith("Cannot parse", StringComparison.Ordinal)) return error.Message;
        return $"{flag}: '{tokens[^1].Value}' is not a whole number from {range}. Pass a number such as {flag} 10.";
    }
}
