using ValueCore.IO;
using ValueCore.IO.Csv;

namespace ValueCore.Batch.Reports;

/// <summary>
/// One streaming pass over a run's <c>loans.csv</c> in bounded memory: the histogram of loan RAROC on fixed bins and
/// the ten loans with the lowest and the highest EVA (ties by loan id, ordinal), whatever the book's size.
/// </summary>
internal sealed class LoanPass
{
    /// <summary>The histogram's lower edge (RAROC, fraction).</summary>
    public const double Low = -0.5;

    /// <summary>The histogram's upper edge (RAROC, fraction).</summary>
    public const double High = 2.0;

    /// <summary>The bin width (RAROC, fraction).</summary>
    public const double Width = 0.05;

    private const int Top = 10;

    private LoanPass(int bins)
    {
        Counts = new double[bins];
        Lower = [.. Enumerable.Range(0, bins).Select(i => Low + i * Width)];
        Upper = [.. Enumerable.Range(0, bins).Select(i => Low + (i + 1) * Width)];
    }

    /// <summary>Loans read.</summary>
    public long Loans { get; private set; }

    /// <summary>Loans whose RAROC is not defined (empty cell: zero capital).</summary>
    public long Undefined { get; private set; }

    /// <summary>Loans with RAROC below <see cref="Low"/>.</summary>
    public long Below { get; private set; }

    /// <summary>Loans with RAROC at or above <see cref="High"/>.</summary>
    public long Above { get; private set; }

    /// <summary>The bins' lower edges.</summary>
    public double[] Lower { get; }

    /// <summary>The bins' upper edges.</summary>
    public double[] Upper { get; }

    /// <summary>Loans per bin [lower, upper).</summary>
    public double[] Counts { get; }

    /// <summary>The ten lowest EVAs, lowest first.</summary>
    public List<(string Id, double Eva, double Raroc)> Destroyers { get; } = [];

    /// <summary>The ten highest EVAs, highest first.</summary>
    public List<(string Id, double Eva, double Raroc)> Creators { get; } = [];

    /// <summary>Reads the file.</summary>
    public static LoanPass Read(string path)
    {
        var pass = new LoanPass((int)Math.Round((High - Low) / Width));
        using var stream = File.OpenRead(path);
        var records = new CsvRecords(stream);
        if (!records.TryRead(out var header))
        {
            return pass;
        }

        int id = Array.IndexOf(header.Fields, "loan_id"), raroc = Array.IndexOf(header.Fields, "raroc"), eva = Array.IndexOf(header.Fields, "eva");
        if (id < 0 || raroc < 0 || eva < 0)
        {
            return pass;
        }

        while (records.TryRead(out var r))
        {
            if (r.Fields.Length <= Math.Max(id, Math.Max(raroc, eva)))
            {
                continue;
            }

            pass.Loans++;
            bool hasRaroc = CsvText.TryParseNumber(r.Fields[raroc], out double x);
            if (!hasRaroc)
            {
                pass.Undefined++;
                x = double.NaN;
            }
            else if (x < Low)
            {
                pass.Below++;
            }
            else if (x >= High)
            {
                pass.Above++;
            }
            else
            {
                pass.Counts[Math.Min((int)Math.Floor((x - Low) / Width), pass.Counts.Length - 1)]++;
            }

            if (CsvText.TryParseNumber(r.Fields[eva], out double e))
            {
                Keep(pass.Destroyers, (r.Fields[id], e, x), lowest: true);
                Keep(pass.Creators, (r.Fields[id], e, x), lowest: false);
            }
        }

        return pass;
    }

    private static void Keep(List<(string Id, double Eva, double Raroc)> list, (string Id, double Eva, double Raroc) loan, bool lowest)
    {
        int Compare((string Id, double Eva, double Raroc) a, (string Id, double Eva, double Raroc) b)
        {
            int c = lowest ? a.Eva.CompareTo(b.Eva) : b.Eva.CompareTo(a.Eva);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        }

        if (list.Count == Top && Compare(loan, list[^1]) >= 0)
        {
            return;
        }

        int at = list.FindIndex(l => Compare(loan, l) < 0);
        list.Insert(at < 0 ? list.Count : at, loan);
        if (list.Count > Top)
        {
            list.RemoveAt(Top);
        }
    }
}
