using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Globalization;
using ValueCore.Internal;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;

namespace ValueCore.Batch;

/// <summary>Reads what the provisions measure needs besides the book's standard columns: the matrix (default states made
/// absorbing), the scenarios' replacement matrices, and the provision columns of the book, with the rules of
/// <c>valuecore provision ecl</c> (every problem with its line, in one pass).</summary>
internal static class ScenarioProvisionInputs
{

    /// <summary>The provision columns the book may carry (read as text attributes when the header has them).</summary>
    public static readonly string[] Columns = ["eir", "amortisation", TermColumn, TermAlias, "maturity_date", "stage", "dpd", "pd_origination", "impairment", EclLgdColumn];

    private const string TermColumn = "term", TermAlias = "remaining_term", EclLgdColumn = "ecl_lgd";

    public static TransitionMatrix Absorb(TransitionMatrix m, IReadOnlyList<string> defaults) => DefaultStates.Absorb(m, defaults);

    /// <summary>The measure's options: the matrix (the fallback), the per-segment matrices of the book's segments
    /// (<c>DIR/&lt;segment&gt;.csv</c>, the rules of <c>valuecore provision ecl --matrix-by segment --matrices DIR</c>) and the
    /// replacement matrices the scenarios name (relative to the scenario file's folder).</summary>
    /// <param name="o">The provision settings.</param>
    /// <param name="set">The scenarios.</param>
    /// <param name="scenariosPath">The scenario file.</param>
    /// <param name="segments">The book's segments (any order, repeats allowed).</param>
    /// <param name="maxDegreeOfParallelism">Worker threads.</param>
    /// <param name="segmentFiles">The per-segment matrix files used, by segment in ordinal order (for the manifest).</param>
    /// <param name="notes">Receives a note for every matrix file taken to one year by a power (a file over 1/n year).</param>
    /// <exception cref="DataValidationException">A segment has no matrix file and there is no fallback (every such segment listed,
    /// source the folder), or a replacement matrix is missing or on other states.</exception>
    /// <exception cref="ArgumentException">No matrix is given, the folder does not exist, or a default state is not a state of a matrix.</exception>
    public static ProvisionMeasureOptions Options(ScenarioProvisionOptions o, ScenarioSet set, string scenariosPath, IEnumerable<string> segments,
        int maxDegreeOfParallelism, out List<KeyValuePair<string, string>> segmentFiles, List<string> notes)
    {
        if (o.MatrixPath is null && o.MatricesDirectory is null)
        {
            throw new ArgumentException("The provision measure needs a matrix file (--matrix FILE) or per-segment matrices (--matrix-by segment --matrices DIR).", nameof(o));
        }

        var raw = o.MatrixPath is null ? null : MigrationCsv.ReadOneYearMatrix(o.MatrixPath, o.Absorbing, notes);
        IReadOnlyList<string>? defaults = o.DefaultStates.Count > 0 ? o.DefaultStates : raw is null ? null : AbsorbingStates(raw);
        var segmentMatrices = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);
        segmentFiles = [];
        if (o.MatricesDirectory is string dir)
        {
            if (!Directory.Exists(dir))
            {
                throw new ArgumentException($"--matrices {dir}: no such folder", nameof(o));
            }

            var missing = new List<DataIssue>();
            var found = new List<KeyValuePair<string, string>>();
            foreach (var segment in segments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                string file = Path.Combine(dir, segment + ".csv");
                if (File.Exists(file))
                {
                    found.Add(new(segment, file));
                }
                else if (raw is null)
                {
                    missing.Add(new DataIssue(0, "", "", $"no matrix {segment}.csv for segment '{segment}' and no --matrix fallback"));
                }
            }

            if (missing.Count > 0)
            {
                throw new DataValidationException(dir, [.. missing.Take(DataValidationException.MaxListed)], missing.Count);
            }

            foreach (var (segment, file) in found)
            {
                var m = MigrationCsv.ReadOneYearMatrix(file, o.Absorbing, notes);
                defaults ??= AbsorbingStates(m);
                segmentMatrices[segment] = Absorb(m, defaults);
                segmentFiles.Add(new(segment, file));
            }
        }

        defaults ??= [];
        var matrix = raw is null ? null : Absorb(raw, defaults);

        // A replacement matrix replaces every matrix (the fallback and each segment's), so it must have the states of each.
        var targets = new List<(string File, TransitionMatrix Matrix)>();
        if (matrix is not null)
        {
            targets.Add((Path.GetFileName(o.MatrixPath!), matrix));
        }

        foreach (var (segment, file) in segmentFiles)
        {
            targets.Add((Path.GetFileName(file), segmentMatrices[segment]));
        }

        var replacements = ReadReplacements(set, scenariosPath, o.Absorbing, m => Absorb(m, defaults), targets, notes);

        return new ProvisionMeasureOptions
        {
            Matrix = matrix,
            SegmentMatrices = segmentMatrices,
            Rho = o.Rho,
            ReplacementMatrices = replacements,
            ReversionYears = o.ReversionYears,
            PeriodsPerYear = o.PeriodsPerYear,
            PrepaymentRate = o.PrepaymentRate,
            Staging = o.Staging,
            WatchStates = o.WatchStates.Count > 0 ? o.WatchStates : ["special_mention"],
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
    }

    /// <summary>
    /// The replacement matrices the scenarios name (<c>migration.matrix</c>, a file relative to the scenario file's
    /// folder): each read once as a one-year matrix with <paramref name="absorbing"/> as its absorbing states, its default
    /// states made absorbing by <paramref name="absorb"/>, and required to have the states of every target matrix (a
    /// replacement replaces each of them). The one rule of the provision and lifetime measures.
    /// </summary>
    /// <exception cref="DataValidationException">A named matrix is not a file, or its states differ from a target's (all listed).</exception>
    internal static Dictionary<string, TransitionMatrix> ReadReplacements(ScenarioSet set, string scenariosPath, IReadOnlyList<string> absorbing,
        Func<TransitionMatrix, TransitionMatrix> absorb, IReadOnlyList<(string File, TransitionMatrix Matrix)> targets, List<string> notes)
    {
        var replacements = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);
        string folder = Path.GetDirectoryName(Path.GetFullPath(scenariosPath)) ?? "";
        var issues = new List<DataIssue>();
        foreach (var s in set.Scenarios)
        {
            if (s.Migration?.Matrix is not string name || replacements.ContainsKey(name))
            {
                continue;
            }

            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                issues.Add(new DataIssue(0, "", "", $"migration.matrix = {name} of scenario '{s.Name}' is not a file (looked for {path}; a matrix is named relative to the scenario file's folder)"));
                continue;
            }

            var m = absorb(MigrationCsv.ReadOneYearMatrix(path, absorbing, notes));
            var other = targets.FirstOrDefault(t => !m.States.Equals(t.Matrix.States));
            if (other.Matrix is not null)
            {
                issues.Add(new DataIssue(0, "", "", $"migration.matrix = {name} of scenario '{s.Name}' has states ({m.States}), not those of the matrix {other.File} ({other.Matrix.States})"));
                continue;
            }

            replacements[name] = m;
        }

        return issues.Count > 0 ? throw new DataValidationException(Path.GetFileName(scenariosPath), issues, issues.Count) : replacements;
    }

    internal static string[] AbsorbingStates(TransitionMatrix m) => [.. Enumerable.Range(0, m.States.Count).Where(m.States.IsAbsorbing).Select(i => m.States[i])];

    /// <summary>Parses and validates the provision columns of a book read with them as attributes.</summary>
    /// <exception cref="DataValidationException">A column is missing or a value breaks its rule (all listed with their lines).</exception>
    /// <exception cref="ArgumentException">maturity_date is used without a reporting date.</exception>
    public static ProvisionTerms Terms(LoanBook book, IReadOnlyList<long> lines, string source, ScenarioProvisionOptions o, ProvisionMeasureOptions models)
    {
        var issues = new List<DataIssue>();
        int n = book.Count;
        var cls = book.Classification;
        var segments = book.Segment;
        bool perSegment = models.SegmentMatrices.Count > 0;
        string? lastSegment = null;
        TransitionMatrix? model = null;
        for (int i = 0; i < n; i++)
        {
            if (!ReferenceEquals(segments[i], lastSegment))
            {
                lastSegment = segments[i];
                model = models.SegmentMatrices.GetValueOrDefault(lastSegment) ?? models.Matrix;
            }

            if (model is not null && model.States.IndexOf(cls[i]) < 0)
            {
                issues.Add(new DataIssue(lines[i], LoanColumns.Classification, cls[i], perSegment
                    ? $"is not a state of the matrix for segment '{lastSegment}' ({model.States})"
                    : $"is not a state of the migration matrix ({model.States})"));
            }
        }

        var eir = Numbers(book, lines, "eir", issues, required: true, ProvisionRules.Eir, ProvisionRules.EirRule);
        var remaining = new double[n];
        bool hasTerm = book.TryGetTextColumn(TermColumn, out var termText);
        string termName = TermColumn;
        if (book.TryGetTextColumn(TermAlias, out var aliasText))
        {
            if (hasTerm)
            {
                issues.Add(DataIssue.Header(TermAlias, "", $"the book has both {TermColumn} and {TermAlias} (an alias of {TermColumn}): keep one"));
            }
            else
            {
                (hasTerm, termText, termName) = (true, aliasText, TermAlias);
            }
        }

        bool hasMaturity = book.TryGetTextColumn("maturity_date", out var maturityText);
        if (!hasTerm && !hasMaturity)
        {
            issues.Add(DataIssue.Header("", "", $"the book needs a {TermColumn} (years; alias {TermAlias}) or a maturity_date column for the provision measure (its {LoanColumns.Maturity}, the IRB effective maturity, is not the remaining contractual term that lifetime ECL needs: IFRS 9 5.5.19)"));
        }
        else if (!hasTerm && o.AsOf is null)
        {
            throw new ArgumentException("The book gives maturity_date: the provision measure needs the reporting date (--as-of DATE).", nameof(o));
        }

        for (int i = 0; i < n && (hasTerm || hasMaturity); i++)
        {
            if (hasTerm && termText[i].Length > 0)
            {
                if (!CsvText.TryParseNumber(termText[i], out double t) || ProvisionRules.RemainingYears(t) is not null)
                {
                    issues.Add(new DataIssue(lines[i], termName, termText[i], ProvisionRules.RemainingRule));
                    t = 1;
                }

                remaining[i] = t;
            }
            else if (hasMaturity && maturityText[i].Length > 0 && o.AsOf is DateOnly asOf)
            {
                remaining[i] = 1;
                if (!DateOnly.TryParseExact(maturityText[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var md))
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], "must be a date yyyy-MM-dd"));
                }
                else if (md <= asOf)
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], FormattableString.Invariant($"is not after the reporting date {asOf:yyyy-MM-dd}")));
                }
                else if ((remaining[i] = (md.DayNumber - asOf.DayNumber) / ProvisionRules.DaysPerYear) > ProvisionRules.MaxRemainingYears)
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], "is more than 100 years after the reporting date"));
                    remaining[i] = 1;
                }
            }
            else
            {
                issues.Add(new DataIssue(lines[i], hasTerm ? termName : "maturity_date", "", "is empty: the remaining term is needed"));
                remaining[i] = 1;
            }
        }

        var profile = new EadProfile[n];
        if (book.TryGetTextColumn("amortisation", out var amText))
        {
            for (int i = 0; i < n; i++)
            {
                if (!ProvisionRules.TryProfile(System.Text.Encoding.UTF8.GetBytes(amText[i]), out profile[i]))
                {
                    issues.Add(new DataIssue(lines[i], "amortisation", amText[i], ProvisionRules.ProfileRule));
                }
            }
        }
        else if (o.DefaultProfile is null)
        {
            issues.Add(DataIssue.Header("", "", "the book has no amortisation column: add one or give --amortisation bullet|linear|annuity"));
        }
        else
        {
            Array.Fill(profile, o.DefaultProfile.Value);
        }

        var stage = new int[n];
        if (book.TryGetTextColumn("stage", out var stText))
        {
            for (int i = 0; i < n; i++)
            {
                if (stText[i].Length > 0 && !(stText[i] is "1" or "2" or "3"))
                {
                    issues.Add(new DataIssue(lines[i], "stage", stText[i], ProvisionRules.StageRule));
                }

                stage[i] = stText[i] is "1" or "2" or "3" ? stText[i][0] - '0' : 0;
            }
        }

        var dpd = Numbers(book, lines, "dpd", issues, required: false, ProvisionRules.DaysPastDue, ProvisionRules.DaysPastDueRule);
        var pdOrig = Numbers(book, lines, "pd_origination", issues, required: false, ProvisionRules.Fraction, ProvisionRules.FractionRule);
        var impairment = Numbers(book, lines, "impairment", issues, required: false, ProvisionRules.Impairment, ProvisionRules.ImpairmentRule);
        var eclLgd = Numbers(book, lines, EclLgdColumn, issues, required: false, ProvisionRules.Fraction, ProvisionRules.FractionRule);
        if (issues.Count > 0)
        {
            issues.Sort((a, b) => a.Line.CompareTo(b.Line));
            throw new DataValidationException(source, [.. issues.Take(DataValidationException.MaxListed)], issues.Count);
        }

        for (int i = 0; i < n; i++)
        {
            eir[i] = double.IsNaN(eir[i]) ? 0 : eir[i];
        }

        return ProvisionTerms.Create(eir, profile, remaining, stage, dpd, pdOrig, impairment).WithEclLgd(eclLgd);
    }

    private static double[] Numbers(LoanBook book, IReadOnlyList<long> lines, string column, List<DataIssue> issues, bool required,
        Func<double, string?> rule, string range)
    {
        var values = new double[book.Count];
        Array.Fill(values, double.NaN);
        if (!book.TryGetTextColumn(column, out var text))
        {
            if (required)
            {
                issues.Add(DataIssue.Header("", "", $"the book has no {column} column (needed by the provision measure for discounting)"));
            }

            return values;
        }

        for (int i = 0; i < book.Count; i++)
        {
            if (text[i].Length == 0)
            {
                if (required)
                {
                    issues.Add(new DataIssue(lines[i], column, "", "is empty: discounting needs the effective interest rate"));
                }

                continue;
            }

            if (!CsvText.TryParseNumber(text[i], out double v))
            {
                issues.Add(new DataIssue(lines[i], column, text[i], range));
                continue;
            }

            if (rule(v) is string broken)
            {
                issues.Add(new DataIssue(lines[i], column, text[i], broken));
                continue;
            }

            values[i] = v;
        }

        return values;
    }
}
