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
    private FlowRuns? _validated;
    private readonly List<(string LoanId, DataIssue Issue)> _validatedIssues = [];

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

    /// <summary>The most threads for solving EIRs from origination terms (-1: all cores); results do not depend on it.</summary>
    internal int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>The loans added so far.</summary>
    internal int LoanCount => _loans.Count;

    /// <summary>The identifier of loan <paramref name="index"/> (in the order added).</summary>
    internal string LoanIdAt(int index) => _loans[index].LoanId;

    /// <summary>The reporting date of loan <paramref name="index"/>.</summary>
    internal DateOnly ReportingDateAt(int index) => _loans[index].ReportingDate;

    /// <summary>Identifiers rejected from the loan input before reaching the builder (known loans, not valued).</summary>
    internal IEnumerable<string> RejectedLoanInputIds => _external.Where(e => e.LoanFile).Select(e => e.LoanId);

    /// <summary>
    /// Adds cash-flow rows already checked row by row (<see cref="CheckFlow"/>; loans by index in the order added,
    /// ordinals equal to lines) and the problems of the rows that failed, both in input order. Call once per chunk of
    /// the input, in order, after every loan is added and instead of <see cref="AddCashFlow"/>.
    /// </summary>
    internal void AddCheckedCashFlows(FlowRuns rows, List<(string LoanId, DataIssue Issue)> rowIssues)
    {
        (_validated ??= new FlowRuns(1)).Append(rows);
        _validatedIssues.AddRange(rowIssues);
    }

    /// <summary>Validates everything and builds the book of the accepted loans; rejected loans are listed in <see cref="ImpairmentBook.Rejections"/>.</summary>
    /// <returns>The book.</returns>
    public ImpairmentBook Build()
    {
        var loanIssues = new List<RejectedLoan>();
        var flowIssues = new List<(RejectedLoan Issue, int Stage, long Ordinal)>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        var ci = CultureInfo.InvariantCulture;

        void LoanIssue(string id, long line, string column, string value, string rule)
        {
            loanIssues.Add(new RejectedLoan(id, _loanSource, new DataIssue(line, column, value, rule)));
            rejected.Add(id);
        }

        // Flow issues are ordered by line, then stage (0: given to Reject, 1: row checks, 2: probability sums), then
        // ordinal (the row's position): the order in which one pass over the rows would find them.
        void FlowIssue(string id, DataIssue issue, int stage, long ordinal)
        {
            flowIssues.Add((new RejectedLoan(id, _cashFlowSource, issue), stage, ordinal));
            rejected.Add(id);
        }

        long externalOrdinal = 0;
        foreach (var e in _external)
        {
            if (e.LoanFile)
            {
                loanIssues.Add(new RejectedLoan(e.LoanId, e.Source, e.Issue));
                known.Add(e.LoanId);
            }
            else
            {
                flowIssues.Add((new RejectedLoan(e.LoanId, e.Source, e.Issue), 0, externalOrdinal++));
            }

            rejected.Add(e.LoanId);
        }

        // Loans (EIRs from origination terms are solved in parallel first, their issues replayed in row order).
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var eirs = new double[_loans.Count];
        var fromTerms = new bool[_loans.Count];
        var solved = SolveAllFromTerms();
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
                eirs[i] = solved[i].Eir;
                foreach (var issue in solved[i].Issues ?? [])
                {
                    LoanIssue(r.LoanId, issue.Line, issue.Column, issue.Value, issue.Rule);
                }
            }
        }

        // Cash flows given one by one: row checks, then the validated rows join the runs.
        var flows = _validated ?? new FlowRuns(8192);
        if (_flows.Count > 0)
        {
            var loanIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < _loans.Count; i++)
            {
                loanIndex.TryAdd(_loans[i].LoanId, i);
            }

            var rowIssues = new List<DataIssue>();
            for (int f = 0; f < _flows.Count; f++)
            {
                var c = _flows[f];
                if (c.LoanId.Length == 0)
                {
                    FlowIssue("", new DataIssue(c.Line, "loan_id", "", "must not be empty"), 1, f);
                    continue;
                }

                if (!loanIndex.TryGetValue(c.LoanId, out int li))
                {
                    if (!known.Contains(c.LoanId))
                    {
                        FlowIssue(c.LoanId, new DataIssue(c.Line, "loan_id", c.LoanId, $"is not in {_loanSource}"), 1, f);
                    }

                    continue;
                }

                var reporting = _loans[li].ReportingDate;
                rowIssues.Clear();
                if (!CheckFlow(c, reporting, rollForward, rowIssues))
                {
                    foreach (var issue in rowIssues)
                    {
                        FlowIssue(c.LoanId, issue, 1, f);
                    }

                    continue;
                }

                flows.Add(li, (c.AsOf ?? reporting).DayNumber, c.Scenario, c.Probability, c.Line, f, c.Date.DayNumber, NetAmount(c));
            }
        }

        foreach (var (id, issue) in _validatedIssues)
        {
            FlowIssue(id, issue, 1, issue.Line);
        }

        flows.Close();

        // Scenarios: one per (loan, estimate date, name) in order of first appearance, with the probability of its
        // first row; a later row with another probability is rejected.
        var runs = flows.Runs;
        var runScenario = new int[runs.Count];
        var scenarioIds = new Dictionary<(int Loan, int AsOf, string Name), int>();
        var scenarioProbability = new List<(double P, long Line)>();
        var scenarioKeys = new List<(int Loan, int AsOf, string Name)>();
        (int Loan, int AsOf, string Name) lastKey = (-1, 0, "");
        int lastScenario = -1;
        for (int k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            var key = (run.Loan, run.AsOfDay, run.Scenario);
            int sid = lastScenario;
            bool same = lastScenario >= 0 && key.Loan == lastKey.Loan && key.AsOfDay == lastKey.AsOf && ReferenceEquals(key.Scenario, lastKey.Name);
            if (!same && !scenarioIds.TryGetValue(key, out sid))
            {
                sid = scenarioProbability.Count;
                scenarioIds.Add(key, sid);
                scenarioKeys.Add(key);
                scenarioProbability.Add((run.Probability, run.FirstLine));
            }
            else if (scenarioProbability[sid].P != run.Probability)
            {
                string id = _loans[run.Loan].LoanId;
                string rule = string.Create(ci, $"differs from {scenarioProbability[sid].P:R} given for scenario '{run.Scenario}' on line {scenarioProbability[sid].Line}");
                for (int r = 0; r < run.Count; r++)
                {
                    FlowIssue(id, new DataIssue(run.FirstLine + r, "probability", Num(run.Probability), rule), 1, run.FirstOrdinal + r);
                }

                runScenario[k] = -1;
                continue;
            }

            runScenario[k] = sid;
            lastKey = key;
            lastScenario = sid;
        }

        // Probabilities of every estimate sum to 1.
        var sums = new Dictionary<(int Loan, int AsOf), (double Sum, long Line)>();
        for (int sid = 0; sid < scenarioKeys.Count; sid++)
        {
            var (l, asOfDay, _) = scenarioKeys[sid];
            var (p, line) = scenarioProbability[sid];
            sums[(l, asOfDay)] = sums.TryGetValue((l, asOfDay), out var acc) ? (acc.Sum + p, Math.Min(acc.Line, line)) : (p, line);
        }

        long rank = 0;
        foreach (var ((l, asOfDay), (sum, line)) in sums.OrderBy(kv => kv.Value.Line))
        {
            if (Math.Abs(sum - 1.0) > _options.ProbabilityTolerance)
            {
                FlowIssue(_loans[l].LoanId, new DataIssue(line, "probability", Num(sum),
                    $"is the sum of the scenario probabilities of loan {_loans[l].LoanId} as of {Date(DateOnly.FromDayNumber(asOfDay))}; it must be 1"), 2, rank++);
            }
        }

        // Loans without an estimate at their reporting date.
        var hasInitial = new bool[_loans.Count];
        foreach (var (l, asOfDay, _) in scenarioKeys)
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

        var orderedFlowIssues = flowIssues.OrderBy(x => x.Issue.Issue.Line).ThenBy(x => x.Stage).ThenBy(x => x.Ordinal).Select(x => x.Issue);
        var rejections = loanIssues.OrderBy(r => r.Issue.Line).Concat(orderedFlowIssues).ToArray();
        int unknownLoans = rejected.Count(id => id.Length > 0 && !known.Contains(id)); // identifiers only in cash-flow rows
        return Assemble(flows, runScenario, scenarioKeys, scenarioProbability, eirs, fromTerms, rejected, rejections, unknownLoans);
    }

    private ImpairmentBook Assemble(FlowRuns flows, int[] runScenario, List<(int Loan, int AsOf, string Name)> scenarioKeys,
        List<(double P, long Line)> scenarioProbability, double[] eirs, bool[] fromTerms, HashSet<string> rejected, RejectedLoan[] rejections, int unknownLoans)
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

        // Order scenarios by (new loan index, estimate date, first appearance), then bucket the runs by scenario in
        // input order (a counting sort, stable) and sort each scenario's rows by date only where they are not already.
        int scenarioCount = scenarioProbability.Count;
        var scenarioLoan = new int[scenarioCount];
        var scenarioAsOf = new int[scenarioCount];
        var rowsPerScenario = new int[scenarioCount];
        for (int sid = 0; sid < scenarioCount; sid++)
        {
            scenarioLoan[sid] = newIndex[scenarioKeys[sid].Loan];
            scenarioAsOf[sid] = scenarioKeys[sid].AsOf;
        }

        var runs = flows.Runs;
        int keptCount = 0;
        for (int k = 0; k < runs.Count; k++)
        {
            int sid = runScenario[k];
            if (sid >= 0 && scenarioLoan[sid] >= 0)
            {
                rowsPerScenario[sid] += runs[k].Count;
                keptCount += runs[k].Count;
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
        var flowStartOf = new int[scenarioCount];
        int acc = 0;
        foreach (int sid in scenarioOrder)
        {
            slot[sid] = acc;
            flowStartOf[sid] = acc;
            acc += rowsPerScenario[sid];
        }

        var flowDay = new int[keptCount];
        var flowAmount = new double[keptCount];
        for (int k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            int sid = runScenario[k];
            if (sid >= 0 && scenarioLoan[sid] >= 0)
            {
                int at = slot[sid];
                flows.DayBlocks[run.Block].AsSpan(run.Offset, run.Count).CopyTo(flowDay.AsSpan(at));
                flows.AmountBlocks[run.Block].AsSpan(run.Offset, run.Count).CopyTo(flowAmount.AsSpan(at));
                slot[sid] = at + run.Count;
            }

            if (k + 1 == runs.Count || runs[k + 1].Block != run.Block)
            {
                // Every run of this block is copied: let the block go.
                flows.DayBlocks[run.Block] = [];
                flows.AmountBlocks[run.Block] = [];
            }
        }

        // Rows of a scenario are in input order; sort by date where needed, ties kept in input order.
        foreach (int sid in scenarioOrder)
        {
            int start = flowStartOf[sid], end = start + rowsPerScenario[sid];
            bool sorted = true;
            for (int k = start + 1; k < end && sorted; k++)
            {
                sorted = flowDay[k] >= flowDay[k - 1];
            }

            if (!sorted)
            {
                var keys = new long[end - start];
                for (int k = start; k < end; k++)
                {
                    keys[k - start] = ((long)flowDay[k] << 32) | (uint)(k - start);
                }

                Array.Sort(keys);
                var amounts = flowAmount.AsSpan(start, end - start).ToArray();
                for (int k = start; k < end; k++)
                {
                    flowDay[k] = (int)(keys[k - start] >> 32);
                    flowAmount[k] = amounts[(int)(keys[k - start] & 0xFFFFFFFF)];
                }
            }
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
        int pos = 0;
        for (int k = 0; k < n; k++)
        {
            setStart[k] = setAsOf.Count;
            while (pos < scenarioOrder.Length && scenarioLoan[scenarioOrder[pos]] == k)
            {
                int asOf = scenarioAsOf[scenarioOrder[pos]];
                setAsOf.Add(asOf);
                setScenarioStart.Add(names.Count);
                while (pos < scenarioOrder.Length && scenarioLoan[scenarioOrder[pos]] == k && scenarioAsOf[scenarioOrder[pos]] == asOf)
                {
                    int sid = scenarioOrder[pos];
                    names.Add(scenarioKeys[sid].Name);
                    probability.Add(scenarioProbability[sid].P);
                    flowStart.Add(flowStartOf[sid]);
                    pos++;
                }
            }
        }

        setStart[n] = setAsOf.Count;
        setScenarioStart.Add(names.Count);
        flowStart.Add(keptCount);
        return new ImpairmentBook(_options, loanId, carrying, eir, terms, reporting, setStart, [.. setAsOf], [.. setScenarioStart], [.. names],
            [.. probability], [.. flowStart], flowDay, flowAmount, rejections, rejected.Count,
            _loans.Count + _external.Where(e => e.LoanFile).Select(e => (e.LoanId, e.Issue.Line)).Distinct().Count(),
            unknownLoans);
    }

    /// <summary>Net amount of a flow: collateral value x (1 - haircut) - cost to sell; others as given.</summary>
    internal static double NetAmount(in FlowRow c) => c.Kind == CashFlowKind.Collateral ? (c.Amount * (1.0 - c.Haircut)) - c.CostToSell : c.Amount;

    /// <summary>
    /// The checks of one cash-flow row of a known loan that need no other row: scenario, probability, estimate date,
    /// date and amounts. Appends every problem; returns whether there was none.
    /// </summary>
    internal static bool CheckFlow(in FlowRow c, DateOnly reportingDate, IReadOnlyList<DateOnly> rollForward, List<DataIssue> issues)
    {
        bool ok = true;
        if (c.Scenario.Length == 0)
        {
            issues.Add(new DataIssue(c.Line, "scenario", "", "must not be empty"));
            ok = false;
        }

        if (!(c.Probability >= 0.0 && c.Probability <= 1.0))
        {
            issues.Add(new DataIssue(c.Line, "probability", Num(c.Probability), "is outside [0, 1]"));
            ok = false;
        }

        var estimate = c.AsOf ?? reportingDate;
        if (estimate != reportingDate && !Contains(rollForward, estimate))
        {
            issues.Add(new DataIssue(c.Line, "as_of", Date(estimate), $"is neither the reporting date {Date(reportingDate)} nor a roll-forward date") { Setting = "RollForwardDates" });
            ok = false;
        }

        if (c.Date < estimate)
        {
            issues.Add(new DataIssue(c.Line, "date", Date(c.Date), $"is before the estimate date {Date(estimate)} (cash flows must not precede the reporting date)"));
            ok = false;
        }

        ok &= CheckAmounts(c, issues);
        return ok;
    }

    private static bool Contains(IReadOnlyList<DateOnly> dates, DateOnly date)
    {
        for (int i = 0; i < dates.Count; i++)
        {
            if (dates[i] == date)
            {
                return true;
            }
        }

        return false;
    }

    private static bool CheckAmounts(in FlowRow c, List<DataIssue> issues)
    {
        bool ok = true;
        switch (c.Kind)
        {
            case CashFlowKind.Repayment when !(c.Amount >= 0.0 && double.IsFinite(c.Amount)):
                issues.Add(new DataIssue(c.Line, "amount", Num(c.Amount), "must be a finite number >= 0 for a repayment"));
                ok = false;
                break;
            case CashFlowKind.Cost when !(c.Amount <= 0.0 && double.IsFinite(c.Amount)):
                issues.Add(new DataIssue(c.Line, "amount", Num(c.Amount), "must be a finite number <= 0 for a cost (costs reduce recoveries)"));
                ok = false;
                break;
            case CashFlowKind.Collateral when !(c.Amount >= 0.0 && double.IsFinite(c.Amount)):
                issues.Add(new DataIssue(c.Line, "amount", Num(c.Amount), "must be a finite collateral value >= 0"));
                ok = false;
                break;
            case CashFlowKind.Repayment or CashFlowKind.Cost or CashFlowKind.Collateral:
                break;
            default:
                issues.Add(new DataIssue(c.Line, "kind", ((int)c.Kind).ToString(CultureInfo.InvariantCulture), "is not repayment, collateral or cost"));
                return false;
        }

        if (c.Kind == CashFlowKind.Collateral)
        {
            if (!(c.Haircut >= 0.0 && c.Haircut <= 1.0))
            {
                issues.Add(new DataIssue(c.Line, "haircut", Num(c.Haircut), "is outside [0, 1]"));
                ok = false;
            }

            if (!(c.CostToSell >= 0.0 && double.IsFinite(c.CostToSell)))
            {
                issues.Add(new DataIssue(c.Line, "cost_to_sell", Num(c.CostToSell), "must be a finite number >= 0"));
                ok = false;
            }
        }
        else if (c.Haircut != 0.0 || c.CostToSell != 0.0)
        {
            issues.Add(new DataIssue(c.Line, c.Haircut != 0.0 ? "haircut" : "cost_to_sell", Num(c.Haircut != 0.0 ? c.Haircut : c.CostToSell),
                "applies to collateral rows only"));
            ok = false;
        }

        return ok;
    }

    private double SolveFromTerms(LoanRow r, List<DataIssue> issues)
    {
        var t = r.Terms!;
        bool ok = true;
        if (!(t.Principal > 0.0 && double.IsFinite(t.Principal)))
        {
            issues.Add(new DataIssue(r.Line, "principal", Num(t.Principal), "must be a finite number > 0"));
            ok = false;
        }

        if (!double.IsFinite(r.Fees) || (ok && !(t.Principal - r.Fees > 0.0)))
        {
            issues.Add(new DataIssue(r.Line, "fees", Num(r.Fees), "must be finite and below the principal (initial carrying amount = principal - fees > 0)"));
            ok = false;
        }

        if (!(t.AnnualRate > -1.0 && t.AnnualRate < 10.0))
        {
            issues.Add(new DataIssue(r.Line, "rate", Num(t.AnnualRate), "is outside (-1, 10) (annual rate as a fraction)"));
            ok = false;
        }

        if (t.MaturityDate <= t.StartDate || t.MaturityDate > t.StartDate.AddYears(100))
        {
            issues.Add(new DataIssue(r.Line, "maturity_date", Date(t.MaturityDate), $"must be after the origination date {Date(t.StartDate)} and within 100 years"));
            ok = false;
        }

        if (t.StartDate > r.ReportingDate)
        {
            issues.Add(new DataIssue(r.Line, "origination_date", Date(t.StartDate), $"is after the reporting date {Date(r.ReportingDate)}"));
            ok = false;
        }

        if (!Enum.IsDefined(t.Amortisation))
        {
            issues.Add(new DataIssue(r.Line, "amortisation", ((int)t.Amortisation).ToString(CultureInfo.InvariantCulture), "is not annuity, linear or bullet"));
            ok = false;
        }

        if (!Enum.IsDefined(t.Frequency))
        {
            issues.Add(new DataIssue(r.Line, "payment_frequency", ((int)t.Frequency).ToString(CultureInfo.InvariantCulture), "is not monthly, quarterly, semi-annual or annual"));
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
            issues.Add(new DataIssue(r.Line, "eir", "", $"cannot be solved for loan {r.LoanId} from its origination terms: {failure}: "
                + EffectiveInterestRate.Describe(failure, times, amounts)));
            return double.NaN;
        }

        return eir;
    }

    /// <summary>Solves the EIR of every loan given by origination terms, in parallel; per loan the EIR and its problems (null when none).</summary>
    private (double Eir, List<DataIssue>? Issues)[] SolveAllFromTerms()
    {
        var solved = new (double Eir, List<DataIssue>? Issues)[_loans.Count];
        int count = 0;
        foreach (var r in _loans)
        {
            count += r.Terms is not null && r.LoanId.Length > 0 ? 1 : 0;
        }

        if (count == 0)
        {
            return solved;
        }

        const int Chunk = 256;
        int chunks = (_loans.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = count < Chunk ? 1 : MaxDegreeOfParallelism }, c =>
        {
            var issues = new List<DataIssue>();
            for (int i = c * Chunk; i < Math.Min(_loans.Count, (c + 1) * Chunk); i++)
            {
                var r = _loans[i];
                if (r.Terms is null || r.LoanId.Length == 0)
                {
                    continue;
                }

                double eir = SolveFromTerms(r, issues);
                solved[i] = (eir, issues.Count > 0 ? [.. issues] : null);
                issues.Clear();
            }
        });
        return solved;
    }

    private static long Line(long line, int count) => line > 0 ? line : count + 1;

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal readonly record struct LoanRow(string LoanId, double Carrying, DateOnly ReportingDate, double Eir, LoanTerms? Terms, double Fees, long Line);

    internal readonly record struct FlowRow(string LoanId, string Scenario, double Probability, DateOnly Date, CashFlowKind Kind, double Amount,
        double Haircut, double CostToSell, DateOnly? AsOf, long Line);
}
