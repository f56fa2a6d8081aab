using System.Globalization;
using ValueCore.Internal;
using ValueCore.Migration;

namespace ValueCore.IO.Migration;

/// <summary>
/// Square matrix files (<c>from,&lt;state 1&gt;,...,&lt;state n&gt;</c>, one row per state in the header's order): reading
/// transition matrices and generators with line-level validation, and writing them round-trip exact.
/// </summary>
public static class MigrationCsv
{
    /// <summary>Reads a transition matrix file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <param name="periodYears">The period the matrix covers, in years (&gt; 0).</param>
    /// <returns>The validated matrix.</returns>
    /// <exception cref="DataValidationException">The file is not square, a label is out of order, an entry is not a probability,
    /// a row does not sum to 1 within <see cref="TransitionMatrix.RowSumTolerance"/>, or an absorbing row is not a unit row.</exception>
    public static TransitionMatrix ReadMatrix(string path, IReadOnlyList<string>? absorbing = null, double periodYears = 1.0)
    {
        var (states, values, lines, issues) = ReadSquare(path, absorbing);
        int n = states.Count;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                double v = values[i, j];
                if (v < 0 || v > 1)
                {
                    issues.Add(new DataIssue(lines[i], states[j], Num(v), "is not a probability in [0, 1]"));
                }

                sum += v;
            }

            if (Math.Abs(sum - 1) > TransitionMatrix.RowSumTolerance)
            {
                issues.Add(new DataIssue(lines[i], "", "", string.Create(CultureInfo.InvariantCulture,
                    $"row {states[i]} sums to {sum:R}, not 1 (tolerance {TransitionMatrix.RowSumTolerance:R})")));
            }

            if (states.IsAbsorbing(i) && Math.Abs(values[i, i] - 1) > TransitionMatrix.RowSumTolerance)
            {
                issues.Add(new DataIssue(lines[i], states[i], Num(values[i, i]),
                    $"must be 1: {states[i]} is absorbing (choose the absorbing states with --absorbing)"));
            }
        }

        issues.ThrowIfAny();
        return TransitionMatrix.Create(states, values, periodYears);
    }

    /// <summary>Reads a generator file (intensities per year).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <returns>The validated generator.</returns>
    /// <exception cref="DataValidationException">The file is not square, an off-diagonal entry is negative, a row does not sum to 0, or an absorbing row is not zero.</exception>
    public static Generator ReadGenerator(string path, IReadOnlyList<string>? absorbing = null)
    {
        var (states, values, lines, issues) = ReadSquare(path, absorbing);
        int n = states.Count;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            double max = 0;
            for (int j = 0; j < n; j++)
            {
                double v = values[i, j];
                if (i != j && v < 0)
                {
                    issues.Add(new DataIssue(lines[i], states[j], Num(v), "is a negative off-diagonal intensity"));
                }

                if (states.IsAbsorbing(i) && v != 0)
                {
                    issues.Add(new DataIssue(lines[i], states[j], Num(v), $"must be 0: {states[i]} is absorbing"));
                }

                sum += v;
                max = Math.Max(max, Math.Abs(v));
            }

            if (Math.Abs(sum) > Math.Max(Generator.RowSumTolerance * max, 1e-15))
            {
                issues.Add(new DataIssue(lines[i], "", "", string.Create(CultureInfo.InvariantCulture, $"row {states[i]} sums to {sum:R}, not 0")));
            }
        }

        issues.ThrowIfAny();
        return Generator.Create(states, values);
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static (StateSpace States, double[,] Values, int[] Lines, IssueList Issues) ReadSquare(string path, IReadOnlyList<string>? absorbing)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var issues = new IssueList(source);
        var all = File.ReadAllLines(path, CsvText.Utf8);
        var text = all.Select(l => l.TrimStart('\uFEFF')).ToList();
        while (text.Count > 0 && text[^1].Length == 0)
        {
            text.RemoveAt(text.Count - 1);
        }

        if (text.Count == 0)
        {
            issues.Add(new DataIssue(1, "", "", "the file is empty"));
            issues.ThrowIfAny();
        }

        var header = text[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header.Length < 3 || header[0] != "from")
        {
            issues.Add(new DataIssue(1, "", text[0], "the header must be from,<state 1>,...,<state n> with n >= 2"));
            issues.ThrowIfAny();
        }

        var labels = header[1..];
        int n = labels.Length;
        if (text.Count - 1 != n)
        {
            issues.Add(new DataIssue(text.Count, "", "", FormattableString.Invariant($"the matrix is not square: {text.Count - 1} rows for {n} columns")));
        }

        var values = new double[n, n];
        var lines = new int[n];
        for (int r = 1; r < text.Count; r++)
        {
            var f = text[r].Split(',');
            if (f.Length != n + 1)
            {
                issues.Add(new DataIssue(r + 1, "", "", FormattableString.Invariant($"has {f.Length} fields; the header has {n + 1} (the matrix is not square)")));
                continue;
            }

            int i = r - 1;
            if (i < n)
            {
                lines[i] = r + 1;
                if (f[0].Trim() != labels[i])
                {
                    issues.Add(new DataIssue(r + 1, "from", f[0], $"must be {labels[i]}: rows follow the header's state order"));
                }
            }

            for (int j = 0; j < n; j++)
            {
                if (!CsvText.TryParseNumber(f[j + 1].Trim(), out double v))
                {
                    issues.Add(new DataIssue(r + 1, labels[j], f[j + 1], "is not a number"));
                }
                else if (i < n)
                {
                    values[i, j] = v;
                }
            }
        }

        issues.ThrowIfAny();
        StateSpace states;
        try
        {
            states = StateSpace.Create(labels, absorbing);
        }
        catch (ArgumentException e)
        {
            issues.Add(new DataIssue(1, "", text[0], e.Message));
            issues.ThrowIfAny();
            throw;
        }

        return (states, values, lines, issues);
    }

    /// <summary>Writes a square matrix file: header <c>from,&lt;states&gt;</c>, one row per state, numbers round-trip exact.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="states">The states.</param>
    /// <param name="value">The entry (i, j).</param>
    public static void WriteSquare(TextWriter writer, StateSpace states, Func<int, int, double> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(value);
        int n = states.Count;
        var fields = new string[n + 1];
        fields[0] = "from";
        for (int j = 0; j < n; j++)
        {
            fields[j + 1] = CsvText.Field(states[j]);
        }

        CsvText.WriteLine(writer, fields);
        for (int i = 0; i < n; i++)
        {
            fields[0] = CsvText.Field(states[i]);
            for (int j = 0; j < n; j++)
            {
                fields[j + 1] = CsvText.Number(value(i, j));
            }

            CsvText.WriteLine(writer, fields);
        }
    }
}
