using ValueCore.Impairment;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Writes impairment results as CSV (UTF-8, LF, header row; numbers shortest round-trip, a "not defined" figure as an
/// empty cell; text quoted per RFC 4180 when needed). The bytes depend on the results only, never on threads or culture.
/// </summary>
public static class ImpairmentCsvWriter
{
    /// <summary>Writes <c>impairment.csv</c>: one row per valued loan with its allowance and one <c>pv_&lt;scenario&gt;</c> column per scenario name (sorted ordinally).</summary>
    /// <param name="destination">The stream to write to; disposed when done.</param>
    /// <param name="result">The results.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Columns: loan_id, reporting_date, carrying_amount, eir, eir_source (given|terms), pv_expected, allowance,
    /// coverage (allowance / carrying amount; empty when the carrying amount is 0), net_carrying_amount, scenarios, note
    /// (no_scenarios_zero_pv;pv_above_carrying;negative_pv_capped), then the scenario PVs (empty where a loan lacks the scenario).</remarks>
    public static void WriteImpairment(Stream destination, ImpairmentResult result)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(result);
        var book = result.Book;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < result.Count; i++)
        {
            for (int s = 0; s < book.ScenarioCount(i); s++)
            {
                names.Add(result.ScenarioName(i, s));
            }
        }

        var nameList = names.ToList();
        using var w = new Utf8CsvLineWriter(destination);
        foreach (var h in (string[])["loan_id", "reporting_date", "carrying_amount", "eir", "eir_source", "pv_expected", "allowance", "coverage",
            "net_carrying_amount", "scenarios", "note"])
        {
            w.Text(h);
        }

        foreach (var n in nameList)
        {
            w.Text("pv_" + n);
        }

        w.EndLine();
        var column = new double[nameList.Count];
        for (int i = 0; i < result.Count; i++)
        {
            var note = result.Notes[i];
            w.Text(book.LoanId[i]);
            w.Date(book.ReportingDate(i));
            w.Number(book.CarryingAmount[i]);
            w.Number(book.Eir[i]);
            w.Raw(book.EirFromTerms[i] ? "terms"u8 : "given"u8);
            w.Number(result.PresentValue[i]);
            w.Number(result.Allowance[i]);
            w.Number(result.Coverage[i]);
            w.Number(book.CarryingAmount[i] - result.Allowance[i]);
            w.Integer(book.ScenarioCount(i));
            w.Raw(NoteText(note));
            column.AsSpan().Fill(double.NaN);
            var pvs = result.ScenarioPresentValues(i);
            for (int s = 0; s < pvs.Length; s++)
            {
                column[nameList.BinarySearch(result.ScenarioName(i, s), StringComparer.Ordinal)] = pvs[s];
            }

            foreach (double v in column)
            {
                w.Number(v);
            }

            w.EndLine();
        }
    }

    /// <summary>Writes <c>scenarios.csv</c>: loan_id, scenario, probability, pv, weighted_pv (= probability x pv), one row per scenario of each valued loan.</summary>
    /// <param name="destination">The stream to write to; disposed when done.</param>
    /// <param name="result">The results.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteScenarios(Stream destination, ImpairmentResult result)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8CsvLineWriter(destination);
        w.Raw("loan_id,scenario,probability,pv,weighted_pv"u8);
        w.EndLine();
        for (int i = 0; i < result.Count; i++)
        {
            var pvs = result.ScenarioPresentValues(i);
            string id = result.Book.LoanId[i];
            for (int s = 0; s < pvs.Length; s++)
            {
                double p = result.ScenarioProbability(i, s);
                w.Text(id);
                w.Text(result.ScenarioName(i, s));
                w.Number(p);
                w.Number(pvs[s]);
                w.Number(p * pvs[s]);
                w.EndLine();
            }
        }
    }

    /// <summary>Writes <c>rejects.csv</c>: loan_id, file, line, column, value, reason, one row per reason a loan was left out, in the book's order.</summary>
    /// <param name="destination">The stream to write to; disposed when done.</param>
    /// <param name="book">The book.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteRejects(Stream destination, ImpairmentBook book)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(book);
        using var w = new Utf8CsvLineWriter(destination);
        w.Raw("loan_id,file,line,column,value,reason"u8);
        w.EndLine();
        foreach (var r in book.Rejections)
        {
            w.Text(r.LoanId);
            w.Text(r.Source);
            w.Integer(r.Issue.Line);
            w.Text(r.Issue.Column);
            w.Text(r.Issue.Value);
            w.Text(r.Issue.Rule);
            w.EndLine();
        }
    }

    /// <summary>Writes <c>roll_forward.csv</c>: per loan and period the allowance movement and the carrying amounts.</summary>
    /// <param name="destination">The stream to write to; disposed when done.</param>
    /// <param name="rollForward">The roll-forward.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Columns: loan_id, period (1-based), date, opening_allowance, unwind, remeasurement, write_off,
    /// closing_allowance, cash_received, interest_income, gross_carrying_amount, net_carrying_amount.</remarks>
    public static void WriteRollForward(Stream destination, RollForwardResult rollForward)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rollForward);
        var rf = rollForward;
        using var w = new Utf8CsvLineWriter(destination);
        w.Raw("loan_id,period,date,opening_allowance,unwind,remeasurement,write_off,closing_allowance,cash_received,interest_income,gross_carrying_amount,net_carrying_amount"u8);
        w.EndLine();
        int m = rf.PeriodCount;
        for (int i = 0; i < rf.Count; i++)
        {
            string id = rf.Initial.Book.LoanId[i];
            for (int k = 0; k < m; k++)
            {
                int x = (i * m) + k;
                w.Text(id);
                w.Integer(k + 1);
                w.Date(rf.Dates[k]);
                w.Number(rf.Opening[x]);
                w.Number(rf.Unwind[x]);
                w.Number(rf.Remeasurement[x]);
                w.Number(rf.WriteOff[x]);
                w.Number(rf.Closing[x]);
                w.Number(rf.CashReceived[x]);
                w.Number(rf.InterestIncome[x]);
                w.Number(rf.GrossCarrying[x]);
                w.Number(rf.NetCarrying[x]);
                w.EndLine();
            }
        }
    }

    private static ReadOnlySpan<byte> NoteText(ImpairmentNote note) => note switch
    {
        ImpairmentNote.None => ""u8,
        ImpairmentNote.NoScenariosZeroPv => "no_scenarios_zero_pv"u8,
        ImpairmentNote.PvAboveCarrying => "pv_above_carrying"u8,
        ImpairmentNote.NegativePvCapped => "negative_pv_capped"u8,
        _ => System.Text.Encoding.UTF8.GetBytes(string.Join(';', Parts(note))),
    };

    private static IEnumerable<string> Parts(ImpairmentNote note)
    {
        if (note.HasFlag(ImpairmentNote.NoScenariosZeroPv))
        {
            yield return "no_scenarios_zero_pv";
        }

        if (note.HasFlag(ImpairmentNote.PvAboveCarrying))
        {
            yield return "pv_above_carrying";
        }

        if (note.HasFlag(ImpairmentNote.NegativePvCapped))
        {
            yield return "negative_pv_capped";
        }
    }
}
