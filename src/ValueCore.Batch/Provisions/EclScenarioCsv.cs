using ValueCore.IO;
using ValueCore.IO.Csv;

namespace ValueCore.Batch.Provisions;

/// <summary>The scenarios file of <c>provision ecl</c>: <c>scenario,weight[,year],z</c> (Z-shifts by year) or
/// <c>scenario,weight,matrix</c> (a replacement matrix), weights summing to 1 (docs/provisions.md).</summary>
internal static class EclScenarioCsv
{
    private const double WeightTolerance = 1e-9;

    /// <summary>One scenario: its weight and either Z-shifts by year or a replacement matrix (path resolved against the file's folder).</summary>
    internal sealed record Scenario(string Name, double Weight, List<double> Z, string? MatrixPath, long Line);

    /// <summary>Reads the scenarios; problems are added to <paramref name="issues"/> (physical lines).</summary>
    public static List<Scenario> Read(string path, List<DataIssue> issues)
    {
        Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        var all = new List<CsvRecord>();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12))
        {
            var records = new CsvRecords(stream) { Malformed = (line, rule) => issues.Add(new DataIssue(line, "", "", rule)) };
            while (records.TryRead(out var record))
            {
                all.Add(record);
            }
        }

        var result = new List<Scenario>();
        if (all.Count == 0)
        {
            issues.Add(new DataIssue(0, "", "", "the file is empty"));
            return result;
        }

        var header = all[0].Fields.Select((h, k) => k == 0 ? h.TrimStart('\uFEFF') : h).ToArray();
        int Col(string name) => Array.IndexOf(header, name);
        int cName = Col("scenario"), cWeight = Col("weight"), cYear = Col("year"), cZ = Col("z"), cMatrix = Col("matrix");
        if (cName < 0 || cWeight < 0)
        {
            issues.Add(new DataIssue(1, "", "", "the header needs the columns scenario and weight"));
            return result;
        }

        if ((cZ < 0) == (cMatrix < 0) && cZ < 0)
        {
            issues.Add(new DataIssue(1, "", "", "the header needs a z column (Z-shift) or a matrix column (replacement matrix)"));
            return result;
        }

        var byName = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        for (int l = 1; l < all.Count; l++)
        {
            long line = all[l].Line;
            if (CsvRecords.IsBlank(all[l]))
            {
                continue;
            }

            var f = all[l].Fields;
            if (f.Length != header.Length)
            {
                issues.Add(new DataIssue(line, "", "", $"wrong number of fields: expected {header.Length}, found {f.Length}"));
                continue;
            }

            string name = f[cName];
            if (name.Length == 0)
            {
                issues.Add(new DataIssue(line, "scenario", "", "must not be empty"));
                continue;
            }

            if (!CsvText.TryParseNumber(f[cWeight], out double w) || w < 0 || w > 1)
            {
                issues.Add(new DataIssue(line, "weight", f[cWeight], "must be a number in [0, 1]"));
                continue;
            }

            string? matrix = cMatrix >= 0 && f[cMatrix].Length > 0 ? f[cMatrix] : null;
            double z = double.NaN;
            bool hasZ = cZ >= 0 && f[cZ].Length > 0;
            if (hasZ && (!CsvText.TryParseNumber(f[cZ], out z) || Math.Abs(z) > 50))
            {
                issues.Add(new DataIssue(line, "z", f[cZ], "must be a number in [-50, 50]"));
                continue;
            }

            if (hasZ == (matrix is not null))
            {
                issues.Add(new DataIssue(line, hasZ ? "matrix" : "z", "", "give a z or a matrix, exactly one"));
                continue;
            }

            if (!byName.TryGetValue(name, out var sc))
            {
                sc = new Scenario(name, w, [], matrix is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "", matrix), line);
                byName[name] = sc;
                result.Add(sc);
            }
            else if (sc.Weight != w)
            {
                issues.Add(new DataIssue(line, "weight", f[cWeight], FormattableString.Invariant($"differs from the weight {sc.Weight:R} of scenario '{name}' on line {sc.Line}")));
                continue;
            }
            else if (matrix is not null || sc.MatrixPath is not null)
            {
                issues.Add(new DataIssue(line, "scenario", name, $"repeats scenario '{name}' of line {sc.Line} (a matrix scenario has one row)"));
                continue;
            }

            if (hasZ)
            {
                int year = sc.Z.Count + 1;
                if (cYear >= 0 && (!CsvText.TryParseNumber(f[cYear], out double y) || y != year))
                {
                    issues.Add(new DataIssue(line, "year", f[cYear], $"must be {year} (years of a scenario run 1, 2, ... in order)"));
                    continue;
                }

                sc.Z.Add(z);
            }
        }

        double sum = result.Sum(s => s.Weight);
        if (result.Count > 0 && Math.Abs(sum - 1) > WeightTolerance)
        {
            issues.Add(new DataIssue(0, "weight", CsvText.Number(sum), FormattableString.Invariant($"the scenario weights sum to {sum:R}, not 1 (tolerance {WeightTolerance:R})")));
        }

        if (result.Count == 0 && issues.Count == 0)
        {
            issues.Add(new DataIssue(0, "", "", "no scenario rows"));
        }

        return result;
    }
}
