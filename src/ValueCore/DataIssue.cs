namespace ValueCore;

/// <summary>One problem found in input data: where it is, what was there, and which rule it breaks.</summary>
/// <param name="Line">The 1-based physical line in the source file (the header is line 1), or the 1-based record number for data built in code; 0 for a problem of the whole file.</param>
/// <param name="Column">The column (field) name; empty when the problem concerns the whole row.</param>
/// <param name="Value">The offending text or value, as read.</param>
/// <param name="Rule">The rule broken, as a sentence fragment such as "is outside (0, 1]".</param>
public readonly record struct DataIssue(long Line, string Column, string Value, string Rule)
{
    /// <summary>The issue as "source:line: column = value rule".</summary>
    /// <param name="source">The file name (or another source label).</param>
    /// <returns>The formatted message.</returns>
    public string Format(string source) => Line <= 0
        ? FormattableString.Invariant($"{source}: {Rule}")
        : Column.Length == 0
        ? FormattableString.Invariant($"{source}:{Line}: {Rule}")
        : FormattableString.Invariant($"{source}:{Line}: {Column} = {(Value.Length == 0 ? "(empty)" : Value)} {Rule}");
}
