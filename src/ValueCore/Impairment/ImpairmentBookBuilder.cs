using System.Globalization;
using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// Collects impaired loans and their expected cash flows, validates them in one pass and builds an
/// <see cref="ImpairmentBook"/>; a loan that breaks a rule is rejected with every reason (never dropped silently).
/// </summary>
/// <remarks>
/// Rules: loan ids non-empty and unique; carrying amount &gt;= 0; a given EIR in (-1, 10); origination terms valid and
/// their EIR solvable (IFRS 9 B5.4.1-B5.4.3: initial carrying amount = principal - net fees received); the reporting
/// date equal to <see cref="ImpairmentOptions.AsOf"/> when set and before every roll-forward date. Cash flows: a known
/// loan, a non-empty scenario, probability in [0, 1] and equal on every row of a scenario, probabilities of one estimate
/// summing to 1 (within <see cref="ImpairmentOptions.ProbabilityTolerance"/>), date not before the estimate date (the
/// reporting date, or a roll-forward date for a remeasurement), repayments &gt;= 0, costs &lt;= 0, collateral value
/// &gt;= 0 with haircut in [0, 1] and cost to sell &gt;= 0. A loan with no scenario is rejected unless
/// <see cref="ImpairmentOptions.ZeroPvWithoutScenarios"/> is set.
/// </remarks>
public sealed class ImpairmentBookBuilder
{
    private readonly ImpairmentOptions _options;
    private readonly string _loanSource;
    private readonly string _cashFlowSource;
    private readonly List<LoanRow> _loans = [];
    private readonly List<FlowRow> _flows = [];
    private readonly List<(string LoanId, string Source, DataIssue Issue, bool LoanFile)> _external = [];

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Settings; null for <see cref="ImpairmentOptions.Default"/>.</param>
    /// <param name="loanSource">The label of the loan input in messages (a file name).</param>
    /// <param name="cashFlowSource">The label of the cash-flow input in messages.</param>
    /// <exception cref="ArgumentException">A label is empty, or the roll-forward dates are not strictly ascending.</exception>
    public ImpairmentBookBuilder(ImpairmentOptions? options = null, string loanSource = "loans", string cashFlowSource = "cashflows")
    {
        ArgumentException.ThrowIfNullOrEmpty(loanSource);
        ArgumentException.ThrowIfNullOrEmpty(cashFlowSource);
        _options = options ?? ImpairmentOptions.Default;
        DayCounts.CheckDayCount(_options.DayCount);
        if (!(_options.ProbabilityTolerance >= 0.0 && _options.ProbabilityTolerance < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ProbabilityTolerance, "ProbabilityTolerance must be in [0, 0.5).");
        }

        for (int i = 1; i < _options.RollForwardDates.Count; i++)
        {
            if (_options.RollForwardDates[i] <= _options.RollForwardDates[i - 1])
            {
                throw new ArgumentException("Roll-forward dates must be strictly ascending.", nameof(options));
            }
        }

        _loanSource = loanSource;
        _cashFlowSource = cashFlowSource;
    }

    /// <summary>Adds a loan whose original EIR is known.</summary>
    /// <param name="loanId">The loan identifier, non-empty and unique.</param>
    /// <param name="carryingAmount">Gross carrying amount (gross amortised cost) at the reporting date, in currency, &gt;= 0.</param>
    /// <param name="reportingDate">The reporting (measurement) date.</param>
    /// <param name="eir">The original effective interest rate, annual effective, in (-1, 10).</param>
    /// <param name="line">The source line for messages; 0 for the record number.</param>
    /// <returns>This builder.</returns>
    public ImpairmentBookBuilder AddLoan(string loanId, double carryingAmount, DateOnly reportingDate, double eir, long line = 0)
    {
        _loans.Add(new LoanRow(loanId ?? "", carryingAmount, reportingDate, eir, null, 0.0, Line(line, _loans.Count)));
        return this;
    }

    /// <summary>Adds a loan whose original EIR is solved from its origination terms.</summary>
    /// <param name="loanId">The loan identifier, non-empty and unique.</param>
    /// <param name="carryingAmount">Gross carrying amount at the reporting date, in currency, &gt;= 0.</param>
    /// <param name="reportingDate">The reporting date.</param>
    /// <param name="origination">The contractual terms; a floating-rate loan gives its current rate as <see cref="LoanTerms.AnnualRate"/>.</param>
    /// <param name="fees">Fees received less directly attributable transaction costs paid, in currency: the initial carrying amount is principal - fees, &gt; 0.</param>
    /// <param name="line">The source line for messages; 0 for the record number.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="origination"/> is null.</exception>
    public ImpairmentBookBuilder AddLoanFromTerms(string loanId, double carryingAmount, DateOnly reportingDate, LoanTerms origination, double fees, long line = 0)
    {
        ArgumentNullException.ThrowIfNull(origination);
        _loans.Add(new LoanRow(loanId ?? "", carryingAmount, reportingDate, double.NaN, origination, fees, Line(line, _loans.Count)));
        return this;
    }

    /// <summary>Adds one expected cash flow of a scenario.</summary>
    /// <param name="loanId">The loan.</param>
    /// <param name="scenario">The scenario name (e.g. cure, restructure, liquidation), non-empty.</param>
    /// <param name="probability">The scenario's probability, in [0, 1]; the same on every row of the scenario.</param>
    /// <param name="date">The expected date, not before the estimate date.</param>
    /// <param name="kind">The kind of flow.</param>
    /// <param name="amount">Repayment: amount &gt;= 0; collateral: the collateral value &gt;= 0; cost: amount &lt;= 0; in currency.</param>
    /// <param name="haircut">Collateral only: the haircut on the value, in [0, 1].</param>
    /// <param name="costToSell">Collateral only: the cost to sell, in currency, &gt;= 0.</param>
    /// <param name="asOf">The estimate date: null for the loan's reporting date, or a roll-forward date (a remeasurement).</param>
    /// <param name="line">The source line for messages; 0 for the record number.</param>
    /// <returns>This builder.</returns>
    public ImpairmentBookBuilder AddCashFlow(string loanId, string scenario, double probability, DateOnly date, CashFlowKind kind, double amount,
        double haircut = 0.0, double costToSell = 0.0, DateOnly? asOf = null, long line = 0)
    {
        _flows.Add(new FlowRow(loanId ?? "", scenario ?? "", probability, date, kind, amount, haircut, costToSell, asOf, Line(line, _flows.Count)));
        return this;
    }

    /// <summary>Rejects a loan for a problem found before the builder (e.g. an unparsable field): the loan is known but not valued.</summary>
    /// <param name="loanId">The loan identifier (non-empty).</param>
    /// <param name="issue">The problem.</param>
    /// <param name="inLoanInput">True when the row is in the loan input, false when in the cash-flow input.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The loan identifier is empty.</exception>
    public ImpairmentBookBuilder Reject(string loanId, DataIssue issue, bool inLoanInput)
    {
        ArgumentException.ThrowIfNullOrEmpty(loanId);
        _external.Add((loanId, inLoanInput ? _loanSource : _cashFlowSource, issue, inLoanInput));
        return this;
    }

    /// <summary>Validates everything and builds the book of the accepted loans; rejected loans are listed in <see cref="ImpairmentBook.Rejections"/>.</summary>
    /// <returns>The book.</returns>
    public ImpairmentBook Build()
    {
        var loanIssues = new List<RejectedLoan>();
        var flowIssues = new List<RejectedLoan>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        var ci = CultureInfo.InvariantCulture;

        void LoanIssue(string id, long line, string column, string value, string rule)
        {
            loanIssues.Add(new RejectedLoan(id, _loanSource, new DataIssue(line, column, value, rule)));
            rejected.Add(id);
        }

        void FlowIssue(string id, long line, string column, string value, string rule)
        {
            flowIssues.Add(new RejectedLoan(id, _cashFlowSource, new DataIssue(line, column, value, rule)));
            rejected.Add(id);
        }

        foreach (var e in _external)
        {
            (e.LoanFile ? loanIssues : flowIssues).Add(new RejectedLoan(e.LoanId, e.Source, e.Issue));
            rejected.Add(e.LoanId);
            if (e.LoanFile)
            {
                known.Add(e.LoanId);
            }
        }

        // Loans.
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var eirs = new double[_loans.Count];
        var fromTerms = new bool[_loans.Count];
        var rollForward = _options.RollForwardDates;
        for (int i = 0; i < _loans.Count; i++)
        {
            var r = _loans[i];
            if (r.LoanId.Length == 0)
            {
                LoanIssue("", r.Line, "loan_id", "", "must not be empty");
                continue;
            }

            known.Add(r.LoanId);
            if (!firstLine.TryAdd(r.LoanId, r.Line))
            {
                LoanIssue(r.LoanId, r.Line, "loan_id", r.LoanId, string.Create(ci, $"duplicates line {firstLine[r.LoanId]} (both rows are rejected)"));
                LoanIssue(r.LoanId, firstLine[r.LoanId], "loan_id", r.LoanId, string.Create(ci, $"is repeated on line {r.Line}"));
            }

            if (!(r.Carrying >= 0.0 && double.IsFinite(r.Carrying)))
            {
                LoanIssue(r.LoanId, r.Line, "carrying_amount", Num(r.Carrying), "must be a finite number >= 0");
            }

            if (_options.AsOf is DateOnly asOf && r.ReportingDate != asOf)
            {
                LoanIssue(r.LoanId, r.Line, "reporting_date", Date(r.ReportingDate), $"differs from the measurement date {Date(asOf)}");
            }

            if (rollForward.Count > 0 && rollForward[0] <= r.ReportingDate)
            {
                LoanIssue(r.LoanId, r.Line, "reporting_date", Date(r.ReportingDate), $"is not before the first roll-forward date {Date(rollForward[0])}");
            }

            if (r.Terms is null)
            {
                if (!(r.Eir > -1.0 && r.Eir < 10.0))
                {
                    LoanIssue(r.LoanId, r.Line, "eir", Num(r.Eir), "is outside (-1, 10) (annual effective rate as a fraction)");
                }

                eirs[i] = r.Eir;
            }
            else
            {
                fromTerms[i] = true;
                eirs[i] = SolveFromTerms(r, LoanIssue);
            }
        }

        // Cash flows: group rows by (loan, estimate date, scenario) keeping input order inside each group.
        var loanIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _loans.Count; i++)
        {
            loanIndex.TryAdd(_loans[i].LoanId, i);
        }

        var order = new List<(int Loan, int AsOf, int Scenario, int Row)>(_flows.Count);
        string? lastLoanId = null;
        int lastLoan = -1, lastScenario = -1;
        (int, int, string) lastKey = (-1, 0, "");
        var scenarioIds = new Dictionary<(int Loan, int AsOf, string Name), int>();
        var scenarioProbability = new List<(double P, long Line)>();
        for (int f = 0; f < _flows.Count; f++)
        {
            var c = _flows[f];
            if (c.LoanId.Length == 0)
            {
                FlowIssue("", c.Line, "loan_id", "", "must not be empty");
                continue;
            }

            int li = lastLoan;
            if (!ReferenceEquals(c.LoanId, lastLoanId) && !loanIndex.TryGetValue(c.LoanId, out li))
            {
                if (!known.Contains(c.LoanId))
                {
                    FlowIssue(c.LoanId, c.Line, "loan_id", c.LoanId, $"is not in {_loanSource}");
                }

                continue;
            }

            lastLoanId = c.LoanId;
            lastLoan = li;
            var loan = _loans[li];
            bool ok = true;
            if (c.Scenario.Length == 0)
            {
                FlowIssue(c.LoanId, c.Line, "scenario", "", "must not be empty");
                ok = false;
            }

            if (!(c.Probability >= 0.0 && c.Probability <= 1.0))
            {
                FlowIssue(c.LoanId, c.Line, "probability", Num(c.Probability), "is outside [0, 1]");
                ok = false;
            }

            var estimate = c.AsOf ?? loan.ReportingDate;
            if (estimate != loan.ReportingDate && !rollForward.Contains(estimate))
            {
                FlowIssue(c.LoanId, c.Line, "as_of", Date(estimate), $"is neither the reporting date {Date(loan.ReportingDate)} nor a roll-forward date");
                ok = false;
            }

            if (c.Date < estimate)
            {
                FlowIssue(c.LoanId, c.Line, "date", Date(c.Date), $"is before the estimate date {Date(estimate)} (cash flows must not precede the reporting date)");
                ok = false;
            }

            ok &= CheckAmounts(c, FlowIssue);
            if (!ok)
            {
                continue;
            }

            var key = (li, estimate.DayNumber, c.Scenario);
            int sid = lastScenario;
            // Same scenario as the previous row (the common layout): no dictionary lookup.
            bool same = lastScenario >= 0 && key.li == lastKey.Item1 && key.DayNumber == lastKey.Item2 && ReferenceEquals(key.Scenario, lastKey.Item3);
            if (!same && !scenarioIds.TryGetValue(key, out sid))
            {
                sid = scenarioProbability.Count;
                scenarioIds.Add(key, sid);
                scenarioProbability.Add((c.Probability, c.Line));
            }
            else if (scenarioProbability[sid].P != c.Probability)
            {
                FlowIssue(c.LoanId, c.Line, "probability", Num(c.Probability),
                    string.Create(ci, $"differs from {scenarioProbability[sid].P:R} given for scenario '{c.Scenario}' on line {scenarioProbability[sid].Line}"));
                continue;
            }

            lastKey = key;
            lastScenario = sid;
            order.Add((li, estimate.DayNumber, sid, f));
        }

        // Probabilities of every estimate sum to 1.
        var sums = new Dictionary<(int Loan, int AsOf), (double Sum, long Line)>();
        foreach (var ((l, asOfDay, _), sid) in scenarioIds)
        {
            var (p, line) = scenarioProbability[sid];
            sums[(l, asOfDay)] = sums.TryGetValue((l, asOfDay), out var acc) ? (acc.Sum + p, Math.Min(acc.Line, line)) : (p, line);
        }

        foreach (var ((l, asOfDay), (sum, line)) in sums.OrderBy(kv => kv.Value.Line))
        {
            if (Math.Abs(sum - 1.0) > _options.ProbabilityTolerance)
            {
                FlowIssue(_loans[l].LoanId, line, "probability", Num(sum),
                    $"is the sum of the scenario probabilities of loan {_loans[l].LoanId} as of {Date(DateOnly.FromDayNumber(asOfDay))}; it must be 1");
            }
        }

        // Loans without an estimate at their reporting date.
        var hasInitial = new bool[_loans.Count];
        foreach (var (l, asOfDay, _, _) in order)
        {
            hasInitial[l] |= asOfDay == _loans[l].ReportingDate.DayNumber;
        }

        for (int i = 0; i < _loans.Count; i++)
        {
            var r = _loans[i];
            if (r.LoanId.Length > 0 && !hasInitial[i] && !_options.ZeroPvWithoutScenarios && !rejected.Contains(r.LoanId))
            {
                LoanIssue(r.LoanId, r.Line, "loan_id", r.LoanId,
                    $"has no cash-flow scenario as of its reporting date in {_cashFlowSource} (allow PV 0 explicitly to value it at zero)");
            }
        }

        return Assemble(order, scenarioIds, scenarioProbability, eirs, fromTerms, rejected, loanIssues, flowIssues);
    }

    private ImpairmentBook Assemble(List<(int Loan, int AsOf, int Scenario, int Row)> order, Dictionary<(int Loan, int AsOf, string Name), int> scenarioIds,
        List<(double P, long Line)> scenarioProbability, double[] eirs, bool[] fromTerms, HashSet<string> rejected,
        List<RejectedLoan> loanIssues, List<RejectedLoan> flowIssues)
    {
        var accepted = new List<int>();
        var newIndex = new int[_loans.Count];
        for (int i = 0; i < _loans.Count; i++)
        {
            newIndex[i] = -1;
            if (_loans[i].LoanId.Length > 0 && !rejected.Contains(_loans[i].LoanId))
            {
                newIndex[i] = accepted.Count;
                accepted.Add(i);
            }
        }

        var scenarioName = new string[scenarioProbability.Count];
        foreach (var ((_, _, name), sid) in scenarioIds)
        {
            scenarioName[sid] = name;
        }

        // Order scenarios by (new loan index, estimate date, first appearance), then bucket the rows by scenario in
        // input order (a counting sort, stable) and sort each scenario's rows by date only where they are not already.
        int scenarioCount = scenarioProbability.Count;
        var scenarioLoan = new int[scenarioCount];
        var scenarioAsOf = new int[scenarioCount];
        var rowsPerScenario = new int[scenarioCount + 1];
        Array.Fill(scenarioLoan, -1);
        int keptCount = 0;
        foreach (var (loan, asOf, sid, _) in order)
        {
            if (newIndex[loan] >= 0)
            {
                scenarioLoan[sid] = newIndex[loan];
                scenarioAsOf[sid] = asOf;
                rowsPerScenario[sid]++;
                keptCount++;
            }
        }

        var scenarioOrder = Enumerable.Range(0, scenarioCount).Where(sid => scenarioLoan[sid] >= 0).ToArray();
        Array.Sort(scenarioOrder, (a, b) =>
        {
            int c = scenarioLoan[a].CompareTo(scenarioLoan[b]);
            if (c == 0) { c = scenarioAsOf[a].CompareTo(scenarioAsOf[b]); }
            return c == 0 ? a.CompareTo(b) : c;
        });
        var slot = new int[scenarioCount];
        int acc = 0;
        foreach (int sid in scenarioOrder)
        {
            slot[sid] = acc;
            acc += rowsPerScenario[sid];
        }

        var keptRow = new int[keptCount];
        var keptDay = new int[keptCount];
        var keptScenario = new int[keptCount];
        foreach (var (loan, _, sid, row) in order)
        {
            if (newIndex[loan] >= 0)
            {
                int at = slot[sid]++;
                keptRow[at] = row;
                keptDay[at] = _flows[row].Date.DayNumber;
                keptScenario[at] = sid;
            }
        }

        for (int start = 0; start < keptCount;)
        {
            int end = start + 1;
            bool sorted = true;
            while (end < keptCount && keptScenario[end] == keptScenario[start])
            {
                sorted &= keptDay[end] >= keptDay[end - 1];
                end++;
            }

            if (!sorted)
            {
                // Stable by (date, input row): rows are in input order, so sorting by the composite key keeps ties in order.
                var keys = new long[end - start];
                for (int k = start; k < end; k++)
                {
                    keys[k - start] = ((long)keptDay[k] << 32) | (uint)keptRow[k];
                }

                Array.Sort(keys);
                for (int k = start; k < end; k++)
                {
                    keptDay[k] = (int)(keys[k - start] >> 32);
                    keptRow[k] = (int)(keys[k - start] & 0xFFFFFFFF);
                }
            }

            start = end;
        }

        int n = accepted.Count;
        var loanId = new string[n];
        var carrying = new double[n];
        var eir = new double[n];
        var terms = new bool[n];
        var reporting = new int[n];
        for (int k = 0; k < n; k++)
        {
            var r = _loans[accepted[k]];
            loanId[k] = r.LoanId;
            carrying[k] = r.Carrying;
            eir[k] = eirs[accepted[k]];
            terms[k] = fromTerms[accepted[k]];
            reporting[k] = r.ReportingDate.DayNumber;
        }

        var setStart = new int[n + 1];
        var setAsOf = new List<int>();
        var setScenarioStart = new List<int>();
        var names = new List<string>();
        var probability = new List<double>();
        var flowStart = new List<int>();
        var flowAmount = new double[keptCount];
        int pos = 0;
        for (int k = 0; k < n; k++)
        {
            setStart[k] = setAsOf.Count;
            while (pos < keptCount && scenarioLoan[keptScenario[pos]] == k)
            {
                int asOf = scenarioAsOf[keptScenario[pos]];
                setAsOf.Add(asOf);
                setScenarioStart.Add(names.Count);
                while (pos < keptCount && scenarioLoan[keptScenario[pos]] == k && scenarioAsOf[keptScenario[pos]] == asOf)
                {
                    int sid = keptScenario[pos];
                    names.Add(scenarioName[sid]);
                    probability.Add(scenarioProbability[sid].P);
                    flowStart.Add(pos);
                    while (pos < keptCount && keptScenario[pos] == sid)
                    {
                        flowAmount[pos] = NetAmount(_flows[keptRow[pos]]);
                        pos++;
                    }
                }
            }
        }

        setStart[n] = setAsOf.Count;
        setScenarioStart.Add(names.Count);
        flowStart.Add(keptCount);
        var rejections = loanIssues.OrderBy(r => r.Issue.Line).Concat(flowIssues.OrderBy(r => r.Issue.Line)).ToArray();
        return new ImpairmentBook(_options, loanId, carrying, eir, terms, reporting, setStart, [.. setAsOf], [.. setScenarioStart], [.. names],
            [.. probability], [.. flowStart], keptDay, flowAmount, rejections, rejected.Count, _loans.Count + _external.Count(e => e.LoanFile));
    }

    /// <summary>Net amount of a flow: collateral value x (1 - haircut) - cost to sell; others as given.</summary>
    internal static double NetAmount(in FlowRow c) => c.Kind == CashFlowKind.Collateral ? (c.Amount * (1.0 - c.Haircut)) - c.CostToSell : c.Amount;

    private static bool CheckAmounts(in FlowRow c, Action<string, long, string, string, string> issue)
    {
        bool ok = true;
        switch (c.Kind)
        {
            case CashFlowKind.Repayment when !(c.Amount >= 0.0 && double.IsFinite(c.Amount)):
                issue(c.LoanId, c.Line, "amount", Num(c.Amount), "must be a finite number >= 0 for a repayment");
                ok = false;
                break;
            case CashFlowKind.Cost when !(c.Amount <= 0.0 && double.IsFinite(c.Amount)):
                issue(c.LoanId, c.Line, "amount", Num(c.Amount), "must be a finite number <= 0 for a cost (costs reduce recoveries)");
                ok = false;
                break;
            case CashFlowKind.Collateral when !(c.Amount >= 0.0 && double.IsFinite(c.Amount)):
                issue(c.LoanId, c.Line, "amount", Num(c.Amount), "must be a finite collateral value >= 0");
                ok = false;
                break;
            case CashFlowKind.Repayment or CashFlowKind.Cost or CashFlowKind.Collateral:
                break;
            default:
                issue(c.LoanId, c.Line, "kind", ((int)c.Kind).ToString(CultureInfo.InvariantCulture), "is not repayment, collateral or cost");
                return false;
        }

        if (c.Kind == CashFlowKind.Collateral)
        {
            if (!(c.Haircut >= 0.0 && c.Haircut <= 1.0))
            {
                issue(c.LoanId, c.Line, "haircut", Num(c.Haircut), "is outside [0, 1]");
                ok = false;
            }

            if (!(c.CostToSell >= 0.0 && double.IsFinite(c.CostToSell)))
            {
                issue(c.LoanId, c.Line, "cost_to_sell", Num(c.CostToSell), "must be a finite number >= 0");
                ok = false;
            }
        }
        else if (c.Haircut != 0.0 || c.CostToSell != 0.0)
        {
            issue(c.LoanId, c.Line, c.Haircut != 0.0 ? "haircut" : "cost_to_sell", Num(c.Haircut != 0.0 ? c.Haircut : c.CostToSell),
                "applies to collateral rows only");
            ok = false;
        }

        return ok;
    }

    private double SolveFromTerms(LoanRow r, Action<string, long, string, string, string> issue)
    {
        var t = r.Terms!;
        bool ok = true;
        if (!(t.Principal > 0.0 && double.IsFinite(t.Principal)))
        {
            issue(r.LoanId, r.Line, "principal", Num(t.Principal), "must be a finite number > 0");
            ok = false;
        }

        if (!double.IsFinite(r.Fees) || (ok && !(t.Principal - r.Fees > 0.0)))
        {
            issue(r.LoanId, r.Line, "fees", Num(r.Fees), "must be finite and below the principal (initial carrying amount = principal - fees > 0)");
            ok = false;
        }

        if (!(t.AnnualRate > -1.0 && t.AnnualRate < 10.0))
        {
            issue(r.LoanId, r.Line, "rate", Num(t.AnnualRate), "is outside (-1, 10) (annual rate as a fraction)");
            ok = false;
        }

        if (t.MaturityDate <= t.StartDate || t.MaturityDate > t.StartDate.AddYears(100))
        {
            issue(r.LoanId, r.Line, "maturity_date", Date(t.MaturityDate), $"must be after the origination date {Date(t.StartDate)} and within 100 years");
            ok = false;
        }

        if (t.StartDate > r.ReportingDate)
        {
            issue(r.LoanId, r.Line, "origination_date", Date(t.StartDate), $"is after the reporting date {Date(r.ReportingDate)}");
            ok = false;
        }

        if (!Enum.IsDefined(t.Amortisation))
        {
            issue(r.LoanId, r.Line, "amortisation", ((int)t.Amortisation).ToString(CultureInfo.InvariantCulture), "is not annuity, linear or bullet");
            ok = false;
        }

        if (!Enum.IsDefined(t.Frequency))
        {
            issue(r.LoanId, r.Line, "payment_frequency", ((int)t.Frequency).ToString(CultureInfo.InvariantCulture), "is not monthly, quarterly, semi-annual or annual");
            ok = false;
        }

        if (!ok)
        {
            return double.NaN;
        }

        var schedule = ContractualSchedule.Build(t with { StubDayCount = _options.DayCount });
        int n = schedule.Count + 1;
        var times = new double[n];
        var amounts = new double[n];
        amounts[0] = -(t.Principal - r.Fees);
        for (int k = 0; k < schedule.Count; k++)
        {
            times[k + 1] = DayCounts.YearFractionUnchecked(_options.DayCount, t.StartDate, schedule.Dates[k]);
            amounts[k + 1] = schedule.Payment(k);
        }

        var failure = EffectiveInterestRate.TrySolve(times, amounts, out double eir, out _);
        if (failure != EirFailure.None)
        {
            issue(r.LoanId, r.Line, "eir", "", $"cannot be solved for loan {r.LoanId} from its origination terms: {failure}: "
                + EffectiveInterestRate.Describe(failure, times, amounts));
            return double.NaN;
        }

        return eir;
    }

    private static long Line(long line, int count) => line > 0 ? line : count + 1;

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private readonly record struct LoanRow(string LoanId, double Carrying, DateOnly ReportingDate, double Eir, LoanTerms? Terms, double Fees, long Line);

    internal readonly record struct FlowRow(string LoanId, string Scenario, double Probability, DateOnly Date, CashFlowKind Kind, double Amount,
        double Haircut, double CostToSell, DateOnly? AsOf, long Line);
}
