namespace ValueCore.Cli;

/// <summary>
/// Translates the library's <see cref="DataIssue.Setting"/> (the options property that resolves an issue) into the
/// command line's vocabulary: the library states the rule, the CLI names the flag to use (one map, every command).
/// </summary>
internal static class OptionHints
{
    /// <summary>The hint per setting; the library's names are listed in docs/conventions.md.</summary>
    private static readonly Dictionary<string, Func<string, string>> s_hints = new(StringComparer.Ordinal)
    {
        ["States"] = _ => "give the order with --states LIST",
        ["Absorbing"] = _ => "choose the absorbing states with --absorbing LIST",
        ["OneYearMatrix"] = source => $"valuecore migration generator --matrix {source} --method qog --out G, then valuecore migration project --generator G/generator.csv --years 1 --out P, and use P/matrix.csv",
        ["Repair"] = _ => "--repair finds the nearest correlation matrix",
        ["RollForwardDates"] = _ => "a revised estimate is measured in a roll-forward: list its date in --roll-forward DATES",
    };

    /// <summary>The settings that have a hint (tests check that every setting the library uses is covered).</summary>
    internal static IEnumerable<string> Settings => s_hints.Keys;

    /// <summary>The issue with the flag to use appended to its rule, when its setting has one.</summary>
    /// <param name="issue">The issue as the library reported it.</param>
    /// <param name="source">The source (file name) of the issue.</param>
    /// <returns>The issue to print.</returns>
    public static DataIssue Apply(DataIssue issue, string source) =>
        issue.Setting is { } setting && s_hints.TryGetValue(setting, out var hint)
            ? issue with { Rule = $"{issue.Rule}: {hint(source)}" }
            : issue;
}
