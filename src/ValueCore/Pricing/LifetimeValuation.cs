using System.Globalization;
using ValueCore.Capital;
using ValueCore.Internal;
using ValueCore.Numerics;
using ValueCore.Portfolio;
using ValueCore.Profitability;
using ValueCore.Schedules;

namespace ValueCore.Pricing;

/// <summary>The lifetime value of every loan of a book: NPV of EVA, lifetime RAROC and the break-even client rate, as the
/// loan amortises over its remaining term and its borrower migrates between credit states.</summary>
/// <remarks>
/// <para>Years t = 1..n, n = ceil(T), T the remaining contractual term (<see cref="LoanBook.TermYears"/>); year t lasts
/// f_t = min(1, T - (t - 1)). B_(t-1) is the contractual drawn balance at the start of year t (bullet, linear, or annuity at
/// the client rate, <see cref="LifetimeOptions.PaymentsPerYear"/> payments a year); EAD_t = B_(t-1) + (EAD - drawn): the
/// undrawn commitment's credit-converted part stays to the term.</para>
/// <para>Credit state: pi_(t-1), the state distribution at the start of year t, evolves by the one-year matrix from the
/// loan's classification (without a matrix: a flat annual PD, pi_(t-1)(performing) = (1 - PD)^(t - 1)). Over the
/// non-default states s: performing share w_t = sum pi_(t-1)(s); EL_t = sum pi_(t-1)(s) PD_s^(f) LGD EAD_t with
/// PD_s^(f) = 1 - (1 - PD_s)^(f_t); EC_t = f_t sum pi_(t-1)(s) K(PD_s, M_t) EAD_t with M_t = min(5, max(1, T - (t - 1))); PD_s
/// floored as <see cref="PortfolioValuation"/> floors PD, K on the economic basis of <see cref="IrbFormula"/>.</para>
/// <para>Revenue_t = w_t f_t (B_(t-1) (r - FTP) + fees + undrawn income), cost_t = w_t f_t opex, return_t = (1 - tax)
/// (revenue_t - cost_t - EL_t + capital rate x EC_t), EVA_t = return_t - hurdle x EC_t (<see cref="RiskAdjustedReturn"/>);
/// all discounted from the end of their year at <see cref="LifetimeOptions.DiscountRate"/> (default the hurdle).
/// NPV of EVA = sum D_t EVA_t; lifetime RAROC = PV(return) / PV(EC).</para>
/// <para>Break-even: NPV is (1 - tax) A (r - g(r)) with A = sum D_t w_t f_t B_(t-1) and g(r) = FTP + PV(EL)/A +
/// (PV(opex) - PV(fees))/A + (hurdle/(1 - tax) - capital rate) PV(EC)/A; g does not depend on r for bullet and
/// linear loans (closed form) and does for annuities (balances and derived transfer price follow r): r - g(r) = 0 is then
/// solved by a bracketing root finder (Illinois false position) to 1e-12 absolute.</para>
/// </remarks>
public static class LifetimeValuation
{
    /// <summary>The tolerance on the break-even rate of an annuity loan, absolute (the solver stops when its bracket is narrower).</summary>
    public const double BreakEvenTolerance = 1e-12;

    /// <summary>The longest term valued, in years (the loan book's maturity range).</summary>
    private const int MaxYears = 100;

    /// <summary>Values every loan of a book over its life.</summary>
    /// <param name="book">The book; each loan needs a term (or an effective maturity) and, with a matrix, a classification
    /// that is one of the matrix's states.</param>
    /// <param name="options">The settings; null for <see cref="LifetimeOptions.Default"/>.</param>
    /// <returns>The per-loan lifetime figures, the totals and, when asked, the schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentException">A matrix of <see cref="LifetimeOptions.MatrixByYear"/> has other states than <see cref="LifetimeOptions.Matrix"/>, or is given without it.</exception>
    /// <exception cref="DataValidationException">A loan has no term nor maturity, a classification that is not a state of
    /// the matrix, or no transfer price and none can be derived; every such loan is listed by its 1-based record.</exception>
    public static LifetimeResult Run(LoanBook book, LifetimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= LifetimeOptions.Default;
        var valuation = options.Valuation;
        int n = book.Count;
        var ftp = PortfolioValuation.FtpRates(book, valuation.Funding);
        var start = StartStates(book, options.Matrix);
        var hurdle = PortfolioValuation.HurdlePerLoan(book.Segment, valuation);
        var model = new Model(book, options, start);
        var columns = new LifetimeColumns(n);
        var years = new int[n];
        for (int i = 0; i < n; i++)
        {
            columns.Years[i] = book.TermYears[i];
            columns.Ftp[i] = ftp[i];
            years[i] = model.Defaulted(i) ? 0 : (int)Math.Ceiling(book.TermYears[i]);
        }

        LifetimeSchedule? schedule = null;
        int[] firstRow = [];
        if (options.IncludeSchedule)
        {
            firstRow = new int[n + 1];
            for (int i = 0; i < n; i++)
            {
                firstRow[i + 1] = checked(firstRow[i] + years[i]);
            }

            schedule = new LifetimeSchedule(firstRow[n]);
        }

        int chunks = (n + PortfolioValuation.ChunkSize - 1) / PortfolioValuation.ChunkSize;
        var failures = new List<(int, string)>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, c =>
        {
            var terms = new YearTerms(MaxYears, (options.Matrix?.Count ?? 1) * model.YearModels);
            var failed = new List<(int, string)>();
            int from = c * PortfolioValuation.ChunkSize, to = Math.Min(n, from + PortfolioValuation.ChunkSize);
            for (int i = from; i < to; i++)
            {
                double h = hurdle.Length == 1 ? hurdle[0] : hurdle[i];
                if (model.Defaulted(i))
                {
                    SetEmpty(columns, i, breakEvenToo: true);
                    continue;
                }

                model.Fill(i, options.DiscountRate ?? h, terms);
                var loan = model.Loan(i, ftp[i], h);
                var sums = model.Evaluate(loan, loan.Rate, loan.Ftp, terms, schedule, schedule is null ? -1 : firstRow[i]);
                columns.NpvEva[i] = sums.Npv;
                columns.PvRevenue[i] = sums.PvRevenue;
                columns.PvEl[i] = sums.PvEl;
                columns.PvEc[i] = sums.PvEc;
                columns.PvReturn[i] = sums.PvReturn;
                columns.LifetimeRaroc[i] = sums.PvEc > 0.0 ? sums.PvReturn / sums.PvEc : double.NaN;
                if (model.BreakEven(loan, sums, terms, out var be) is string reason)
                {
                    failed.Add((i, reason));
                    SetEmpty(columns, i, breakEvenToo: false);
                    continue;
                }

                columns.BreakEvenFunding[i] = be.Funding;
                columns.BreakEvenEl[i] = be.El;
                columns.BreakEvenCost[i] = be.Cost;
                columns.BreakEvenCapital[i] = be.Capital;
                columns.BreakEvenRate[i] = be.Funding + be.El + be.Cost + be.Capital;
            }

            failures[c] = failed;
        });

        return new LifetimeResult(book, options, columns, schedule, [.. failures.SelectMany(f => f)]);
    }

    private static void SetEmpty(LifetimeColumns c, int i, bool breakEvenToo)
    {
        if (breakEvenToo)
        {
            c.NpvEva[i] = c.LifetimeRaroc[i] = c.PvRevenue[i] = c.PvEl[i] = c.PvEc[i] = c.PvReturn[i] = double.NaN;
        }

        c.BreakEvenRate[i] = c.BreakEvenFunding[i] = c.BreakEvenEl[i] = c.BreakEvenCost[i] = c.BreakEvenCapital[i] = double.NaN;
    }

    /// <summary>Each loan's starting state index in the matrix (-1 without a matrix); every loan checked.</summary>
    private static int[] StartStates(LoanBook book, Migration.TransitionMatrix? matrix)
    {
        var issues = new List<DataIssue>();
        long total = 0;
        var start = matrix is null ? [] : new int[book.Count];
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        if (matrix is not null)
        {
            for (int s = 0; s < matrix.Count; s++)
            {
                states[matrix.States[s]] = s;
            }
        }

        for (int i = 0; i < book.Count; i++)
        {
            double t = book.TermYears[i];
            DataIssue? issue = null;
            if (double.IsNaN(t))
            {
                issue = new DataIssue(i + 1, LoanColumns.Term, "", "is required for a lifetime valuation (the loan gives neither term nor maturity)");
            }
            else if (matrix is not null && !states.TryGetValue(book.Classification[i], out start[i]))
            {
                issue = new DataIssue(i + 1, LoanColumns.Classification, book.Classification[i], $"is not a state of the migration matrix ({matrix.States})");
            }

            if (issue is DataIssue x)
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(x);
                }
            }
        }

        if (total > 0)
        {
            throw new DataValidationException("loans", issues, total);
        }

        return start;
    }

    /// <summary>A loan's inputs for one evaluation.</summary>
    private readonly record struct LoanInputs(int Index, Amortisation Amortisation, double Term, double Drawn, double UndrawnEad,
        double Rate, double Ftp, double Fees, double UndrawnIncome, double Opex, double Lgd, double Hurdle, bool FtpFollowsRate, int PaymentsPerYear);

    /// <summary>The present values of one evaluation.</summary>
    private readonly record struct Sums(double A, double PvFees, double PvCost, double PvEl, double PvEc, double PvRevenue, double PvReturn, double Npv);

    /// <summary>The break-even rate's parts.</summary>
    private readonly record struct Parts(double Funding, double El, double Cost, double Capital)
    {
        public double Rate => Funding + El + Cost + Capital;
    }

    /// <summary>A loan's per-year terms that do not depend on its rate: year length, performing share, EL and EC per unit of EAD, discount factor.</summary>
    private sealed class YearTerms(int capacity, int states)
    {
        public int Count;
        public readonly double[] Fraction = new double[capacity];
        public readonly double[] Share = new double[capacity];
        public readonly double[] ElRate = new double[capacity];
        public readonly double[] KRate = new double[capacity];
        public readonly double[] Discount = new double[capacity];
        public readonly double[] StatePd = new double[states];
        public readonly double[] Excess = new double[states];
        public readonly double[] Slope = new double[states];
        public readonly double[] Flat = new double[capacity];
    }

    /// <summary>What the loans share: the matrix's state distributions per starting state (computed once), the floors and the settings.</summary>
    private sealed class Model
    {
        private readonly LoanBook _book;
        private readonly LifetimeOptions _options;
        private readonly int[] _start;
        private readonly Migration.TransitionMatrix? _matrix;
        private readonly int _states;
        private readonly bool[] _absorbing;
        private readonly double[] _statePd;
        private readonly Migration.TransitionMatrix[] _yearMatrices;
        private readonly double[][] _pi;
        private readonly double _gq, _capitalRate, _afterTax;
        private readonly double[] _floors;
        private readonly double[]? _undrawnIncome;

        public Model(LoanBook book, LifetimeOptions options, int[] start)
        {
            _book = book;
            _options = options;
            _start = start;
            _matrix = options.Matrix;
            var irb = options.Valuation.Irb;
            _gq = NormalDistribution.InverseCdfUnchecked(irb.Confidence);
            _capitalRate = options.Valuation.Profitability.CapitalRate;
            _afterTax = 1.0 - options.Valuation.Profitability.TaxRate;
            _floors = new double[(int)AssetClass.RetailOther + 1];
            for (int c = 0; c < _floors.Length; c++)
            {
                _floors[c] = irb.ValuationFloorFor((AssetClass)c);
            }

            if (book.HasDrawnAndUndrawn)
            {
                _undrawnIncome = new double[book.Count];
                if (!book.UndrawnIncome(0, book.Count, _undrawnIncome))
                {
                    _undrawnIncome = null;
                }
            }

            if (_matrix is null)
            {
                if (options.MatrixByYear.Count > 0)
                {
                    ThrowHelper.Argument(nameof(options), "MatrixByYear needs Matrix (the matrix that names the states).");
                }

                _states = 1;
                _absorbing = [false];
                _statePd = [];
                _yearMatrices = [];
                _pi = [];
                return;
            }

            _states = _matrix.Count;
            _absorbing = [.. Enumerable.Range(0, _states).Select(_matrix.States.IsAbsorbing)];
            // Year y's matrix: MatrixByYear[min(y, count) - 1] (a scenario's Z-shifted years), else the matrix every year.
            _yearMatrices = options.MatrixByYear.Count > 0 ? [.. options.MatrixByYear] : [_matrix];
            foreach (var m in _yearMatrices)
            {
                if (!m.States.Equals(_matrix.States))
                {
                    ThrowHelper.Argument(nameof(options), $"A matrix of MatrixByYear has states ({m.States}), not those of the matrix ({_matrix.States}), or other absorbing states.");
                }
            }

            _statePd = new double[_yearMatrices.Length * _states];
            for (int k = 0; k < _yearMatrices.Length; k++)
            {
                for (int s = 0; s < _states; s++)
                {
                    _statePd[(k * _states) + s] = _yearMatrices[k].DefaultProbability(s);
                }
            }
            int longest = 1;
            for (int i = 0; i < book.Count; i++)
            {
                if (!Defaulted(i))
                {
                    longest = Math.Max(longest, (int)Math.Ceiling(book.TermYears[i]));
                }
            }

            // pi_(t-1) for t = 1..longest, per starting state: they do not depend on the loan, so they are computed once.
            _pi = new double[_states][];
            for (int s0 = 0; s0 < _states; s0++)
            {
                if (_absorbing[s0])
                {
                    continue;
                }

                var pi = new double[longest * _states];
                pi[s0] = 1.0;
                for (int t = 1; t < longest; t++)
                {
                    var matrix = _yearMatrices[Math.Min(t - 1, _yearMatrices.Length - 1)];
                    for (int j = 0; j < _states; j++)
                    {
                        double sum = 0.0;
                        for (int s = 0; s < _states; s++)
                        {
                            sum += pi[((t - 1) * _states) + s] * matrix[s, j];
                        }

                        pi[(t * _states) + j] = sum;
                    }
                }

                _pi[s0] = pi;
            }
        }

        /// <summary>The number of distinct one-year matrices by year (1 without year matrices).</summary>
        public int YearModels => Math.Max(1, _yearMatrices.Length);

        public bool Defaulted(int i) => _matrix is null ? _book.Pd[i] >= 1.0 : _absorbing[_start[i]];

        public LoanInputs Loan(int i, double ftp, double hurdle)
        {
            var b = _book;
            double drawn = b.AccruingBalance[i];
            var amortisation = b.Amortisation.IsEmpty ? Amortisation.Bullet : b.Amortisation[i];
            bool follows = amortisation == Amortisation.Annuity && double.IsNaN(b.FtpRate[i]) && _options.Valuation.Funding is not null;
            int payments = b.PaymentsPerYear.IsEmpty || b.PaymentsPerYear[i] == 0 ? _options.PaymentsPerYear : b.PaymentsPerYear[i];
            return new LoanInputs(i, amortisation, b.TermYears[i], drawn, b.Ead[i] - drawn, b.Rate[i], ftp, b.Fees[i],
                _undrawnIncome is null ? 0.0 : _undrawnIncome[i], b.Opex[i], b.Lgd[i], hurdle, follows, payments);
        }

        /// <summary>Fills the loan's per-year terms (which do not depend on the client rate).</summary>
        public void Fill(int i, double discountRate, YearTerms y)
        {
            var b = _book;
            var ac = b.AssetClass[i];
            double term = b.TermYears[i], lgd = b.Lgd[i], sales = b.SalesEurMillions[i], floor = _floors[(int)ac];
            int n = (int)Math.Ceiling(term);
            y.Count = n;
            int states = _states;
            int models = _matrix is null ? 1 : Math.Min(_yearMatrices.Length, n);
            ReadOnlySpan<double> pi;
            if (_matrix is null)
            {
                double p = Math.Max(b.Pd[i], floor);
                y.StatePd[0] = p;
                double w = 1.0;
                for (int t = 0; t < n; t++)
                {
                    y.Flat[t] = w;
                    w *= 1.0 - p;
                }

                pi = y.Flat.AsSpan(0, n);
            }
            else
            {
                for (int s = 0; s < models * states; s++)
                {
                    y.StatePd[s] = _absorbing[s % states] ? 1.0 : Math.Max(_statePd[s], floor);
                }

                pi = _pi[_start[i]];
            }

            bool hasMa = IrbFormula.HasMaturityAdjustment(ac);
            for (int s = 0; s < models * states; s++)
            {
                double p = y.StatePd[s];
                if (_absorbing[s % states] || p >= 1.0)
                {
                    // A state that defaults within the year for sure holds no unexpected loss: K's limit as PD -> 1 is 0.
                    y.Excess[s] = 0.0;
                    y.Slope[s] = 0.0;
                    continue;
                }

                double r = IrbFormula.CorrelationUnchecked(ac, p, sales);
                y.Excess[s] = IrbFormula.ConditionalExcessLossRateUnchecked(p, r, _gq);
                y.Slope[s] = hasMa ? IrbFormula.MaturitySlopeUnchecked(p) : 0.0;
            }

            for (int t = 1; t <= n; t++)
            {
                double f = Math.Min(1.0, term - (t - 1));
                double m = Math.Min(5.0, Math.Max(1.0, term - (t - 1)));
                double share = 0.0, el = 0.0, k = 0.0;
                var row = pi.Slice((t - 1) * states, states);
                int year = Math.Min(t - 1, models - 1) * states; // year t's matrix (the last one holds for later years)
                for (int s = 0; s < states; s++)
                {
                    if (_absorbing[s])
                    {
                        continue;
                    }

                    double weight = row[s];
                    double p = y.StatePd[year + s];
                    double pf = f == 1.0 ? p : 1.0 - Math.Pow(1.0 - p, f);
                    double ma = hasMa ? IrbFormula.MaturityAdjustmentFromSlope(y.Slope[year + s], m) : 1.0;
                    share += weight;
                    el += weight * pf;
                    k += weight * (lgd * y.Excess[year + s] * ma);
                }

                y.Fraction[t - 1] = f;
                y.Share[t - 1] = share;
                y.ElRate[t - 1] = el;
                y.KRate[t - 1] = f * k;
                y.Discount[t - 1] = Math.Pow(1.0 + discountRate, -((t - 1) + f));
            }
        }

        /// <summary>The loan's present values at client rate <paramref name="rate"/> and transfer price <paramref name="ftp"/>;
        /// writes its schedule rows from <paramref name="firstRow"/> when given.</summary>
        public Sums Evaluate(in LoanInputs d, double rate, double ftp, YearTerms y, LifetimeSchedule? schedule, int firstRow)
        {
            double a = 0, pvFees = 0, pvCost = 0, pvEl = 0, pvEc = 0, pvRevenue = 0, pvReturn = 0, npv = 0;
            for (int t = 1; t <= y.Count; t++)
            {
                double b = Balance(d.Amortisation, d.Drawn, d.Term, d.PaymentsPerYear, rate, t - 1);
                double ead = b + d.UndrawnEad;
                double wf = y.Share[t - 1] * y.Fraction[t - 1];

                // The operations of the one-year valuation kernel, so a one-year loan gets its bits.
                double income = (b * (rate - ftp)) + d.Fees;
                if (_undrawnIncome is not null)
                {
                    income += d.UndrawnIncome;
                }

                double revenue = wf * income;
                double cost = d.Opex * wf;
                double el = y.ElRate[t - 1] * d.Lgd * ead;
                double ec = y.KRate[t - 1] * ead;
                double preTax = revenue - cost - el + (_capitalRate * ec);
                double ret = preTax * _afterTax;
                double eva = RiskAdjustedReturn.EvaUnchecked(ret, ec, d.Hurdle);
                double df = y.Discount[t - 1];
                a += df * wf * b;
                pvFees += df * wf * (d.Fees + d.UndrawnIncome);
                pvCost += df * cost;
                pvEl += df * el;
                pvEc += df * ec;
                pvRevenue += df * revenue;
                pvReturn += df * ret;
                npv += df * eva;
                if (schedule is not null)
                {
                    int row = firstRow + t - 1;
                    schedule.LoanIndexArray[row] = d.Index;
                    schedule.YearArray[row] = t;
                    schedule.YearFractionArray[row] = y.Fraction[t - 1];
                    schedule.BalanceArray[row] = b;
                    schedule.EadArray[row] = ead;
                    schedule.PerformingShareArray[row] = y.Share[t - 1];
                    schedule.ElArray[row] = el;
                    schedule.EcArray[row] = ec;
                    schedule.RevenueArray[row] = revenue;
                    schedule.CostArray[row] = cost;
                    schedule.ReturnArray[row] = ret;
                    schedule.EvaArray[row] = eva;
                    schedule.DiscountFactorArray[row] = df;
                }
            }

            return new Sums(a, pvFees, pvCost, pvEl, pvEc, pvRevenue, pvReturn, npv);
        }

        /// <summary>The break-even rate's parts g(r) evaluated at client rate r; false when A = 0 (the rate earns nothing).</summary>
        private bool Parts(in LoanInputs d, double rate, YearTerms y, out Parts parts)
        {
            double ftp = d.FtpFollowsRate ? _options.Valuation.Funding!.RateOfClientRate(d.Amortisation, d.Term, RepricingOf(d.Index))(rate) : d.Ftp;
            var s = Evaluate(d, rate, ftp, y, null, -1);
            parts = Split(d, ftp, s);
            return s.A > 0.0;
        }

        private Parts Split(in LoanInputs d, double ftp, in Sums s)
        {
            double tax = 1.0 - _afterTax;
            return new Parts(ftp, s.PvEl / s.A, (s.PvCost - s.PvFees) / s.A, ((d.Hurdle / (1.0 - tax)) - _capitalRate) * s.PvEc / s.A);
        }

        private double RepricingOf(int i) => _book.RepricingYears.IsEmpty ? double.NaN : _book.RepricingYears[i];

        /// <summary>The break-even parts; null on success, else why no rate breaks even.</summary>
        public string? BreakEven(in LoanInputs d, in Sums atRate, YearTerms y, out Parts parts)
        {
            parts = default;
            if (d.Amortisation != Amortisation.Annuity)
            {
                // Balances and the transfer price do not depend on the rate: NPV is linear in r, g is constant.
                if (!(atRate.A > 0.0))
                {
                    return NothingEarned;
                }

                parts = Split(d, d.Ftp, atRate);
                return null;
            }

            if (!Parts(d, d.Rate, y, out var p0))
            {
                return NothingEarned;
            }

            // h(r) = r - g(r): bracket the root around the first estimate g(rate), widening the step fourfold.
            double lo = p0.Rate, hi = p0.Rate, hLo = double.NaN, hHi = double.NaN;
            double step = 0.005;
            bool found = false;
            for (int k = 0; k < 40 && !found; k++, step *= 4.0)
            {
                lo = Math.Max(RiskBasedPricing.BracketLow, p0.Rate - step);
                hi = Math.Min(RiskBasedPricing.BracketHigh, p0.Rate + step);
                if (!H(d, lo, y, out hLo) || !H(d, hi, y, out hHi))
                {
                    return NothingEarned;
                }

                found = hLo <= 0.0 && hHi >= 0.0;
                if (lo == RiskBasedPricing.BracketLow && hi == RiskBasedPricing.BracketHigh)
                {
                    break;
                }
            }

            if (!found)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"no rate in [{RiskBasedPricing.BracketLow:R}, {RiskBasedPricing.BracketHigh:R}] makes the NPV of EVA 0 (at {RiskBasedPricing.BracketHigh:R} the rate falls short of its break-even by {-hHi:R})");
            }

            // Illinois false position on [lo, hi], h(lo) <= 0 <= h(hi).
            int side = 0;
            for (int iteration = 0; iteration < 200 && hi - lo > BreakEvenTolerance; iteration++)
            {
                double x = hHi == hLo ? lo + ((hi - lo) / 2.0) : hi - (hHi * (hi - lo) / (hHi - hLo));
                if (!(x > lo && x < hi))
                {
                    x = lo + ((hi - lo) / 2.0);
                }

                H(d, x, y, out double hx);
                if (hx == 0.0)
                {
                    lo = hi = x;
                    break;
                }

                if (hx < 0.0)
                {
                    lo = x;
                    hLo = hx;
                    hHi = side == -1 ? hHi / 2.0 : hHi;
                    side = -1;
                }
                else
                {
                    hi = x;
                    hHi = hx;
                    hLo = side == 1 ? hLo / 2.0 : hLo;
                    side = 1;
                }
            }

            double root = lo + ((hi - lo) / 2.0);
            Parts(d, root, y, out parts);
            return null;
        }

        private bool H(in LoanInputs d, double rate, YearTerms y, out double h)
        {
            bool ok = Parts(d, rate, y, out var p);
            h = rate - p.Rate;
            return ok;
        }

        private const string NothingEarned = "no rate breaks even: the loan's performing drawn balance is 0 in every year, so the client rate earns nothing";

        /// <summary>The contractual drawn balance at time <paramref name="years"/> (&lt; term) after the valuation date.</summary>
        internal static double Balance(Amortisation amortisation, double drawn, double term, int paymentsPerYear, double rate, double years)
        {
            if (amortisation == Amortisation.Bullet || drawn == 0.0)
            {
                return drawn;
            }

            // Payments fall at term - k / m, k = 0..N-1 (backward from maturity, a short first period when T m is not whole).
            int m = paymentsPerYear;
            int count = Math.Max(1, (int)Math.Ceiling((term * m) - 1e-9));
            int made = (int)Math.Floor(count - ((term - years) * m) + 1e-9);
            made = Math.Clamp(made, 0, count);
            double q = rate / m;
            if (amortisation == Amortisation.Linear || q == 0.0)
            {
                return drawn * (count - made) / count;
            }

            double gN = Math.Pow(1.0 + q, count), gJ = Math.Pow(1.0 + q, made);
            return drawn * (gN - gJ) / (gN - 1.0);
        }
    }
}
