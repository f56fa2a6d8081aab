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
    /// <param name="maxDegreeOfParallelism">The most threads formatting rows; -1 for all cores. The bytes do not depend on it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Columns: loan_id, reporting_date, carrying_amount, eir, eir_source (given|terms), pv_expected, allowance,
    /// coverage (allowance / carrying amount; empty when the carrying amount is 0), net_carrying_amount, scenarios, note
    /// (no_scenarios_zero_pv;pv_above_carrying;negative_pv_capped), then the scenario PVs (empty where a loan lacks the scenario).</remarks>
    public static void WriteImpairment(Stream destination, ImpairmentResult result, int maxDegreeOfParallelism = -1)
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
        using (var w = new Utf8CsvLineWriter(destination, leaveOpen: true))
        {
            WriteImpairmentHeader(w, nameList);
        }

        Utf8CsvLineWriter.WriteBlocks(destination, result.Count, 4096, maxDegreeOfParallelism, (w, from, to) => WriteImpairmentRows(w, result, nameList, from, to));
        destination.Dispose();
    }

    private static void WriteImpairmentHeader(Utf8CsvLineWriter w, List<string> nameList)
    {
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
    }

    private static void WriteImpairmentRows(Utf8CsvLineWriter w, ImpairmentResult result, List<string> nameList, int from, int to)
    {
        var book = result.Book;
        var column = new double[nameList.Count];
        for (int i = from; i < to; i++)
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
    /// <param name="maxDegreeOfParallelism">The most threads formatting rows; -1 for all cores. The bytes do not depend on it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteScenarios(Stream destination, ImpairmentResult result, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(result);
        destination.Write("loan_id,scenario,probability,pv,weighted_pv\n"u8);
        Utf8CsvLineWriter.WriteBlocks(destination, result.Count, 2048, maxDegreeOfParallelism, (w, from, to) => WriteScenarioRows(w, result, from, to));
        destination.Dispose();
    }

    private static void WriteScenarioRows(Utf8CsvLineWriter w, ImpairmentResult result, int from, int to)
    {
        for (int i = from; i < to; i++)
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

    /// <summary>Writes <c>rejected.csv</c>: loan_id, file, line, column, value, reason, one row per reason a loan was left out, in the book's order.</summary>
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
    /// <param name="maxDegreeOfParallelism">The most threads formatting rows; -1 for all cores. The bytes do not depend on it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>Columns: loan_id, period (1-based), date, opening_allowance, unwind, remeasurement, write_off,
    /// closing_allowance, cash_received, interest_income, gross_carrying_amount, net_carrying_amount.</remarks>
    public static void WriteRollForward(Stream destination, RollForwardResult rollForward, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rollForward);
        destination.Write("loan_id,period,date,opening_allowance,unwind,remeasurement,write_off,closing_allowance,cash_received,interest_income,gross_carrying_amount,net_carrying_amount\n"u8);
        Utf8CsvLineWriter.WriteBlocks(destination, rollForward.Count, 2048, maxDegreeOfParallelism, (w, from, to) => WriteRollForwardRows(w, rollForward, from, to));
        destination.Dispose();
    }

    private static void WriteRollForwardRows(Utf8CsvLineWriter w, RollForwardResult rf, int from, int to)
    {
        int m = rf.PeriodCount;
        for (int i = from; i < to; i++)
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

    /// <summary>Writes <c>schedule.csv</c>: loan_id, period (1-based), date, opening, interest, cash, closing, one row per period of each schedule.</summary>
    /// <param name="destination">The stream to write to; disposed when done.</param>
    /// <param name="loanIds">The loans, one per schedule.</param>
    /// <param name="schedules">The amortised-cost schedules (<see cref="AmortisedCostSchedule"/>), in the order to write.</param>
    /// <param name="maxDegreeOfParallelism">The most threads formatting rows; -1 for all cores. The bytes do not depend on it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static void WriteSchedules(Stream destination, IReadOnlyList<string> loanIds, IReadOnlyList<AmortisedCostSchedule> schedules, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(loanIds);
        ArgumentNullException.ThrowIfNull(schedules);
        if (loanIds.Count != schedules.Count)
        {
            throw new ArgumentException("One loan identifier is needed per schedule.", nameof(loanIds));
        }

        destination.Write("loan_id,period,date,opening,interest,cash,closing\n"u8);
        Utf8CsvLineWriter.WriteBlocks(destination, schedules.Count, 512, maxDegreeOfParallelism, (w, from, to) => WriteScheduleRows(w, loanIds, schedules, from, to));
        destination.Dispose();
    }

    private static void WriteScheduleRows(Utf8CsvLineWriter w, IReadOnlyList<string> loanIds, IReadOnlyList<AmortisedCostSchedule> schedules, int from, int to)
    {
        for (int l = from; l < to; l++)
        {
            var sc = schedules[l];
            for (int k = 0; k < sc.Count; k++)
            {
                w.Text(loanIds[l]);
                w.Integer(k + 1);
                w.Date(sc.Dates[k]);
                w.Number(sc.Opening[k]);
                w.Number(sc.Interest[k]);
                w.Number(sc.Cash[k]);
                w.Number(sc.Closing[k]);
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
