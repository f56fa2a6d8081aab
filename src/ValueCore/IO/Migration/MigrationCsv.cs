using System.Globalization;
using ValueCore.Internal;
using ValueCore.IO.Csv;
using ValueCore.Migration;

namespace ValueCore.IO.Migration;

/// <summary>
/// Square matrix files (<c>from,&lt;state 1&gt;,...,&lt;state n&gt;[,period_years]</c>, one row per state in the header's order):
/// reading transition matrices and generators with line-level validation, and writing them round-trip exact.
/// </summary>
/// <remarks>
/// A transition matrix file records the period it covers in an optional <c>period_years</c> column (any position after
/// <c>from</c>; the same number of years on every row, e.g. <c>0.5</c> for a six-month matrix). A file without the column
/// covers one year, as every matrix file written before the column existed. Generator files are intensities per year and
/// carry no period.
/// </remarks>
public static class MigrationCsv
{
    /// <summary>The name of the optional column that records a matrix file's period in years.</summary>
    public const string PeriodColumn = "period_years";

    /// <summary>The <see cref="DataIssue.Setting"/> of an issue resolved by choosing the absorbing states.</summary>
    internal const string AbsorbingSetting = "Absorbing";

    /// <summary>The <see cref="DataIssue.Setting"/> of an issue resolved by giving a one-year matrix (a generator's projection).</summary>
    internal const string OneYearMatrixSetting = "OneYearMatrix";

    /// <summary>Reads a transition matrix file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <param name="periodYears">The period the caller knows the matrix covers, in years (&gt; 0), for a file without a
    /// <c>period_years</c> column; null to take the file's period (one year when it records none).</param>
    /// <returns>The validated matrix, its <see cref="TransitionMatrix.PeriodYears"/> the file's period.</returns>
    /// <exception cref="DataValidationException">The file is not square, a label is out of order, an entry is not a probability,
    /// a row does not sum to 1 within <see cref="TransitionMatrix.RowSumTolerance"/>, an absorbing row is not a unit row, the
    /// <c>period_years</c> column is not the same positive number on every row, or it differs from
    /// <paramref name="periodYears"/> (beyond <see cref="TransitionMatrix.PeriodTolerance"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodYears"/> is not positive and finite.</exception>
    public static TransitionMatrix ReadMatrix(string path, IReadOnlyList<string>? absorbing = null, double? periodYears = null)
    {
        if (periodYears is double given && !(given > 0 && double.IsFinite(given)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(periodYears), given, "(0, inf)");
        }

        var (states, values, lines, filePeriod, issues) = ReadSquare(path, absorbing, periodColumn: true);
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
                    $"must be 1: {states[i]} is absorbing (choose the absorbing states)") { Setting = AbsorbingSetting });
            }
        }

        if (filePeriod is double recorded && periodYears is double expected
            && Math.Abs((recorded / expected) - 1.0) > TransitionMatrix.PeriodTolerance)
        {
            issues.Add(new DataIssue(2, PeriodColumn, Num(recorded), string.Create(CultureInfo.InvariantCulture,
                $"differs from the period given for this matrix ({expected:R} years): the file records its own period")));
        }

        issues.ThrowIfAny(orderByLine: true);
        return TransitionMatrix.Create(states, values, filePeriod ?? periodYears ?? 1.0);
    }

    /// <summary>Reads a transition matrix file where a one-year matrix is needed: a one-year file as it is, a file whose
    /// period divides a year (1/period a whole number n within <see cref="TransitionMatrix.PeriodTolerance"/>) as its
    /// n-th power, any other period refused.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <param name="periodsPerYear">The power taken: 1 for a one-year file (or one without <c>period_years</c>), n for a
    /// file over 1/n years.</param>
    /// <returns>The one-year matrix (period exactly 1).</returns>
    /// <exception cref="DataValidationException">A rule of <see cref="ReadMatrix"/> is broken, or the file's period does not
    /// divide a year (the issue names the period and how to get a one-year matrix).</exception>
    public static TransitionMatrix ReadOneYearMatrix(string path, IReadOnlyList<string>? absorbing, out int periodsPerYear)
    {
        var m = ReadMatrix(path, absorbing);
        if (m.PeriodsPerYear is not int n)
        {
            var issues = new DataIssueCollector(Path.GetFileName(path));
            issues.Add(new DataIssue(2, PeriodColumn, Num(m.PeriodYears), string.Create(CultureInfo.InvariantCulture,
                $"the matrix covers {m.PeriodYears:R} years, but a one-year matrix is needed; only a period that divides a year (1/period a whole number, tolerance {TransitionMatrix.PeriodTolerance:R}) is converted, by matrix powers; get a one-year matrix from a generator of this matrix (GeneratorEstimation.FromMatrix, quasi-optimisation) over one year")) { Setting = OneYearMatrixSetting });
            issues.ThrowIfAny(orderByLine: true);
        }

        periodsPerYear = m.PeriodsPerYear ?? 1;
        return periodsPerYear == 1 && m.PeriodYears == 1.0 ? m : m.ToOneYear();
    }

    /// <summary>Reads a transition matrix file where a one-year matrix is needed, as <see cref="ReadOneYearMatrix(string, IReadOnlyList{string}, out int)"/>,
    /// and adds a note to <paramref name="notes"/> (once per file) when the file covered 1/n year and was raised to its n-th power.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <param name="notes">Receives the conversion note, for a run's summary and manifest.</param>
    /// <returns>The one-year matrix (period exactly 1).</returns>
    /// <exception cref="DataValidationException">A rule of <see cref="ReadMatrix"/> is broken, or the file's period does not divide a year.</exception>
    public static TransitionMatrix ReadOneYearMatrix(string path, IReadOnlyList<string>? absorbing, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var m = ReadOneYearMatrix(path, absorbing, out int n);
        string note = string.Create(CultureInfo.InvariantCulture, $"Matrix {Path.GetFileName(path)} covers 1/{n} year (period_years): its one-year matrix is the power P^{n}.");
        if (n > 1 && !notes.Contains(note))
        {
            notes.Add(note);
        }

        return m;
    }

    /// <summary>Reads a generator file (intensities per year).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="absorbing">The absorbing states; null or empty for the last state.</param>
    /// <returns>The validated generator.</returns>
    /// <exception cref="DataValidationException">The file is not square, an off-diagonal entry is negative, a row does not sum to 0, or an absorbing row is not zero.</exception>
    public static Generator ReadGenerator(string path, IReadOnlyList<string>? absorbing = null)
    {
        var (states, values, lines, _, issues) = ReadSquare(path, absorbing, periodColumn: false);
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

        issues.ThrowIfAny(orderByLine: true);
        return Generator.Create(states, values);
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static (StateSpace States, double[,] Values, int[] Lines, double? PeriodYears, DataIssueCollector Issues) ReadSquare(
        string path, IReadOnlyList<string>? absorbing, bool periodColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var issues = new DataIssueCollector(source);
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        var text = new List<CsvRecord>();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12))
        {
            var reader = new CsvRecords(stream) { Malformed = (line, rule) => issues.Add(new DataIssue(line, "", "", rule)) };
            while (reader.TryRead(out var record))
            {
                text.Add(record);
            }
        }

        while (text.Count > 0 && text[^1].Fields is [""])
        {
            text.RemoveAt(text.Count - 1);
        }

        if (text.Count == 0)
        {
            issues.Add(new DataIssue(1, "", "", "the file is empty"));
            issues.ThrowIfAny(orderByLine: true);
        }

        var header = text[0].Fields.Select((h, k) => (k == 0 ? h.TrimStart('\uFEFF') : h).Trim()).ToArray();
        string headerText = string.Join(",", text[0].Fields);
        HeaderMap.CheckSeparator(source, header, (byte)',');
        if (header.Length < 3 || !header[0].Equals("from", StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new DataIssue(1, "", headerText, "the header must be from,<state 1>,...,<state n> with n >= 2"));
            issues.ThrowIfAny(orderByLine: true);
        }

        // period_years (matrix files only) may sit anywhere after from; the other columns are the states.
        int periodAt = Array.FindIndex(header, h => h.Equals(PeriodColumn, StringComparison.OrdinalIgnoreCase));
        if (periodAt > 0 && !periodColumn)
        {
            issues.Add(new DataIssue(1, PeriodColumn, "", "is not allowed in a generator file: a generator holds intensities per year"));
            issues.ThrowIfAny(orderByLine: true);
        }

        var labels = header[1..].Where((_, k) => k + 1 != periodAt).ToArray();
        int n = labels.Length;
        if (n < 2)
        {
            issues.Add(new DataIssue(1, "", headerText, "the header must be from,<state 1>,...,<state n> with n >= 2"));
            issues.ThrowIfAny(orderByLine: true);
        }

        double? period = null;
        int periodLine = 0;
        if (text.Count - 1 != n)
        {
            issues.Add(new DataIssue(text[^1].Line, "", "", FormattableString.Invariant($"the matrix is not square: {text.Count - 1} rows for {n} columns")));
        }

        // Shape first: a file with fewer rows than states, or a row narrower or wider than the header, is rejected
        // before n x n cells are allocated, so memory stays in proportion to the file (a header of 100,000 states over
        // short rows must not ask for 80 GB). A file that passes holds its n x n cells.
        for (int r = 1; r < text.Count; r++)
        {
            int fields = text[r].Fields.Length;
            if (fields != header.Length)
            {
                issues.Add(new DataIssue(text[r].Line, "", "", FormattableString.Invariant($"has {fields} fields; the header has {header.Length} (the matrix is not square)")));
            }
        }

        issues.ThrowIfAny(orderByLine: true);

        var values = new double[n, n];
        var lines = new int[n];
        for (int r = 1; r < text.Count; r++)
        {
            var f = text[r].Fields; // header.Length fields: checked above
            long line = text[r].Line;

            if (periodAt > 0)
            {
                string cell = f[periodAt].Trim();
                if (!CsvText.TryParseNumber(cell, out double py) || !(py > 0))
                {
                    issues.Add(new DataIssue(line, PeriodColumn, cell, "must be the period in years, a number > 0, on every row"));
                }
                else if (period is null)
                {
                    period = py;
                    periodLine = (int)line;
                }
                else if (py != period)
                {
                    issues.Add(new DataIssue(line, PeriodColumn, cell, string.Create(CultureInfo.InvariantCulture,
                        $"differs from line {periodLine}'s {period.Value:R}: a matrix has one period")));
                }

                f = [.. f.Where((_, k) => k != periodAt)];
            }

            int i = r - 1;
            if (i < n)
            {
                lines[i] = (int)line;
                if (f[0].Trim() != labels[i])
                {
                    issues.Add(new DataIssue(line, "from", f[0], $"must be {labels[i]}: rows follow the header's state order"));
                }
            }

            for (int j = 0; j < n; j++)
            {
                if (!CsvText.TryParseNumber(f[j + 1].Trim(), out double v))
                {
                    issues.Add(new DataIssue(line, labels[j], f[j + 1], "is not a number"));
                }
                else if (i < n)
                {
                    values[i, j] = v;
                }
            }
        }

        issues.ThrowIfAny(orderByLine: true);
        StateSpace states;
        try
        {
            states = StateSpace.Create(labels, absorbing);
        }
        catch (ArgumentException e)
        {
            issues.Add(new DataIssue(1, "", headerText, e.Message));
            issues.ThrowIfAny(orderByLine: true);
            throw;
        }

        return (states, values, lines, period, issues);
    }

    /// <summary>Writes a transition matrix file: header <c>from,&lt;states&gt;,period_years</c>, one row per state, numbers
    /// round-trip exact, the matrix's period in years repeated on every row.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="matrix">The matrix.</param>
    public static void WriteMatrix(TextWriter writer, TransitionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        var states = matrix.States;
        int n = states.Count;
        var fields = new string[n + 2];
        fields[0] = "from";
        for (int j = 0; j < n; j++)
        {
            fields[j + 1] = CsvText.Field(states[j]);
        }

        fields[n + 1] = PeriodColumn;
        CsvText.WriteLine(writer, fields);
        string period = CsvText.Number(matrix.PeriodYears);
        for (int i = 0; i < n; i++)
        {
            fields[0] = CsvText.Field(states[i]);
            for (int j = 0; j < n; j++)
            {
                fields[j + 1] = CsvText.Number(matrix[i, j]);
            }

            fields[n + 1] = period;
            CsvText.WriteLine(writer, fields);
        }
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
