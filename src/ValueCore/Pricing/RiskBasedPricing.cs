using System.Globalization;
using ValueCore.Capital;
using ValueCore.Internal;
using ValueCore.Numerics;
using ValueCore.Portfolio;

namespace ValueCore.Pricing;

/// <summary>
/// Risk-based pricing: the minimum client rate at which a loan reaches a target RAROC (by default its hurdle), with
/// standalone IRB capital or allocated capital, and the decomposition of that rate.
/// </summary>
/// <remarks>
/// <para>The return of <see cref="Profitability.RiskAdjustedReturn"/> is linear in the client rate r when the funds
/// transfer price does not depend on r: return(r) = (1 - t) [D (r - FTP) + fees + U (cf - uf) - opex - EL + c EC],
/// D the drawn balance on which the rate accrues (EAD when no drawn balance is given), U the undrawn commitment, cf its
/// commitment fee and uf its liquidity charge; EL and EC stay on EAD. Setting return = target x EC gives the closed form
/// r* = FTP + [target EC / (1 - t) - c EC + opex + EL - fees - U (cf - uf)] / D,
/// t the tax rate and c the capital rate. When the FTP depends on r (an annuity's matched-maturity FTP, whose
/// repayment profile follows the client rate) r* is found by bisection on [-0.99, 9.99], where return(r) - target EC
/// is increasing; the bracket ends when it holds two adjacent doubles.</para>
/// <para>No rate reaches the target when D = 0 (the rate earns nothing), when EC = 0 (RAROC is not defined), or
/// when the rate needed lies outside the loan-book range (-1, 10); these are reported with their reason, never as NaN.
/// See docs/performance-and-pricing.md.</para>
/// </remarks>
public static class RiskBasedPricing
{
    /// <summary>The lower end of the bracket of the bisection (nonlinear pricing).</summary>
    public const double BracketLow = -0.99;

    /// <summary>The upper end of the bracket of the bisection (nonlinear pricing).</summary>
    public const double BracketHigh = 9.99;

    /// <summary>Prices a deal in closed form.</summary>
    /// <param name="deal">The deal.</param>
    /// <param name="options">Capital settings, tax, capital rate and hurdles; null for <see cref="ValuationOptions.Default"/>.</param>
    /// <param name="targetRaroc">The target RAROC, a fraction in [-1, 10]; null for the deal's hurdle (<see cref="ValuationOptions.HurdleFor"/>).</param>
    /// <returns>The minimum rate and its decomposition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deal"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A field of the deal or the target is outside its range.</exception>
    /// <exception cref="InvalidOperationException">No rate reaches the target; the message gives the reason.</exception>
    public static PriceBreakdown Price(PricingDeal deal, ValuationOptions? options = null, double? targetRaroc = null)
    {
        if (!TryPrice(deal, options, targetRaroc, out var price, out string? reason))
        {
            ThrowHelper.InvalidOperation(reason);
        }

        return price;
    }

    /// <summary>Prices a deal in closed form, reporting an unreachable target instead of throwing.</summary>
    /// <param name="deal">The deal.</param>
    /// <param name="options">Capital and financial settings; null for the defaults.</param>
    /// <param name="targetRaroc">The target RAROC in [-1, 10]; null for the deal's hurdle.</param>
    /// <param name="price">The price, when reachable.</param>
    /// <param name="reason">Why no rate reaches the target, when not.</param>
    /// <returns>Whether a rate reaches the target.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deal"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A field of the deal or the target is outside its range.</exception>
    public static bool TryPrice(PricingDeal deal, ValuationOptions? options, double? targetRaroc, out PriceBreakdown price, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        var inputs = Validate(deal, options, targetRaroc, out var resolved, out double target);
        reason = TryPriceCore(inputs, resolved, target, NormalDistribution.InverseCdfUnchecked(resolved.Irb.Confidence), out price);
        return reason is null;
    }

    /// <summary>Prices a deal whose funds transfer price depends on the client rate, by bisection.</summary>
    /// <param name="deal">The deal; its <see cref="PricingDeal.FtpRate"/> is ignored.</param>
    /// <param name="ftpRateOfClientRate">The transfer price as a function of the client rate (e.g. an annuity's matched-maturity FTP); it must
    /// grow more slowly than the rate (slope below 1), as every matched-maturity FTP does.</param>
    /// <param name="options">Capital and financial settings; null for the defaults.</param>
    /// <param name="targetRaroc">The target RAROC in [-1, 10]; null for the deal's hurdle.</param>
    /// <param name="price">The price, when reachable: the smallest double rate whose RAROC is at least the target.</param>
    /// <param name="reason">Why no rate in [<see cref="BracketLow"/>, <see cref="BracketHigh"/>] reaches the target, when not.</param>
    /// <returns>Whether a rate reaches the target.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A field of the deal or the target is outside its range, or the function returns a rate outside (-1, 10).</exception>
    public static bool TryPrice(PricingDeal deal, Func<double, double> ftpRateOfClientRate, ValuationOptions? options, double? targetRaroc,
        out PriceBreakdown price, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(ftpRateOfClientRate);
        ArgumentNullException.ThrowIfNull(deal);
        var inputs = Validate(deal with { FtpRate = 0.0 }, options, targetRaroc, out var resolved, out double target);
        reason = TrySolveCore(inputs, ftpRateOfClientRate, resolved, target, NormalDistribution.InverseCdfUnchecked(resolved.Irb.Confidence), out price);
        return reason is null;
    }

    /// <summary>Prices every loan of a book at its own FTP, or where the book gives none at the FTP derived from
    /// <see cref="ValuationOptions.Funding"/> (an annuity's solved with its rate, as <see cref="TryPrice(PricingDeal, Func{double, double}, ValuationOptions?, double?, out PriceBreakdown, out string?)"/>);
    /// the book's client rates are ignored. The batch <c>valuecore price</c> gives the same figures for the same book read from a file.</summary>
    /// <param name="book">The book.</param>
    /// <param name="options">Capital and financial settings; null for the defaults.</param>
    /// <param name="targetRaroc">One target RAROC for every loan in [-1, 10]; null for each loan's hurdle.</param>
    /// <param name="allocatedCapital">Allocated capital per loan (in currency, &gt;= 0, NaN for standalone IRB capital), or empty for standalone capital throughout.</param>
    /// <param name="maxDegreeOfParallelism">The most threads; null or -1 for all cores. Results do not depend on it.</param>
    /// <returns>One price per loan, in book order.</returns>
    /// <exception cref="ArgumentException"><paramref name="allocatedCapital"/> is neither empty nor one per loan.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The target or an allocated capital is outside its range, or the parallelism is 0 or below -1.</exception>
    /// <exception cref="DataValidationException">Some loans cannot reach the target, or have no transfer price and none can be
    /// derived; each is listed with its record number (1-based) and reason.</exception>
    public static PriceBreakdown[] PriceBook(LoanBook book, ValuationOptions? options, double? targetRaroc, ReadOnlySpan<double> allocatedCapital, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= ValuationOptions.Default;
        if (targetRaroc is double t0 && !(t0 >= -1.0 && t0 <= 10.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetRaroc), t0, "[-1, 10]");
        }

        if (!allocatedCapital.IsEmpty)
        {
            SpanGuard.SameLength(allocatedCapital, book.Count);
            foreach (double a in allocatedCapital)
            {
                if (!double.IsNaN(a) && !(a >= 0.0 && double.IsFinite(a)))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(allocatedCapital), a, "[0, inf) or NaN (standalone)");
                }
            }
        }

        int dop = maxDegreeOfParallelism ?? -1;
        if (dop == 0 || dop < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), dop, "Use -1 (all cores) or a positive number.");
        }

        int n = book.Count;
        var ftp = PortfolioValuation.FtpRates(book, options.Funding);
        var prices = new PriceBreakdown[n];
        var reasons = new string?[n];
        double[] allocated = allocatedCapital.IsEmpty ? [] : allocatedCapital.ToArray();
        double gq = NormalDistribution.InverseCdfUnchecked(options.Irb.Confidence);
        int chunks = (n + PortfolioValuation.ChunkSize - 1) / PortfolioValuation.ChunkSize;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop }, c =>
        {
            int start = c * PortfolioValuation.ChunkSize;
            int end = Math.Min(n, start + PortfolioValuation.ChunkSize);
            for (int i = start; i < end; i++)
            {
                var d = new DealInputs(book.AssetClass[i], book.Ead[i], book.Pd[i], book.Lgd[i], book.MaturityYears[i], book.SalesEurMillions[i],
                    ftp[i], book.Fees[i], book.Opex[i], book.Beel[i], allocated.Length == 0 ? double.NaN : allocated[i],
                    book.AccruingBalance[i], UndrawnIncome(book, i));
                double target = targetRaroc ?? options.HurdleFor(book.Segment[i]);
                var amortisation = book.Amortisation;
                if (options.Funding is { } funding && double.IsNaN(book.FtpRate[i]) && !amortisation.IsEmpty && amortisation[i] == Schedules.Amortisation.Annuity)
                {
                    var ftpOf = funding.RateOfClientRate(amortisation[i], book.TermYears[i], book.RepricingYears.IsEmpty ? double.NaN : book.RepricingYears[i]);
                    reasons[i] = TrySolveCore(d, ftpOf, options, target, gq, out prices[i]);
                }
                else
                {
                    reasons[i] = TryPriceCore(d, options, target, gq, out prices[i]);
                }
            }
        });

        var issues = new DataIssueCollector("loans");
        for (int i = 0; i < n; i++)
        {
            if (reasons[i] is string r)
            {
                issues.Add(i + 1, LoanColumns.LoanId, book.LoanId[i], r);
            }
        }

        issues.ThrowIfAny();
        return prices;
    }

    /// <summary>The inputs of one deal (validated), as the batch paths hold them: <paramref name="Drawn"/> is the balance the
    /// rate accrues on (the EAD when none is given), <paramref name="UndrawnIncome"/> undrawn x (commitment fee - undrawn FTP).</summary>
    internal readonly record struct DealInputs(AssetClass AssetClass, double Ead, double Pd, double Lgd, double MaturityYears, double Sales,
        double FtpRate, double Fees, double Opex, double Beel, double AllocatedCapital, double Drawn, double UndrawnIncome);

    private static double UndrawnIncome(LoanBook book, int i) => book.HasDrawnAndUndrawn
        ? LoanRules.UndrawnIncome(book.Undrawn[i], book.CommitmentFee.IsEmpty ? 0.0 : book.CommitmentFee[i], book.UndrawnFtpRate.IsEmpty ? 0.0 : book.UndrawnFtpRate[i])
        : 0.0;

    /// <summary>Capital and EL exactly as <see cref="PortfolioValuation"/> computes them (same operations, same order).</summary>
    internal static (double Ec, double El) CapitalAndLoss(in DealInputs d, ValuationOptions options, double gq)
    {
        var irb = options.Irb;
        double e = d.Ead, l = d.Lgd, p = d.Pd, k, el;
        if (p >= 1.0)
        {
            k = Math.Max(0.0, l - d.Beel);
            el = d.Beel * e;
        }
        else
        {
            p = Math.Max(p, irb.ValuationFloorFor(d.AssetClass));
            double r = IrbFormula.CorrelationUnchecked(d.AssetClass, p, d.Sales);
            double ma = IrbFormula.MaturityAdjustmentUnchecked(d.AssetClass, p, d.MaturityYears);
            k = IrbFormula.CapitalRequirementUnchecked(p, l, r, ma, gq);
            el = p * l * e;
        }

        double ec = double.IsNaN(d.AllocatedCapital) ? k * e : d.AllocatedCapital;
        return (ec, el);
    }

    /// <summary>Closed-form pricing of validated inputs; returns null on success, else the reason no rate reaches the target.</summary>
    internal static string? TryPriceCore(in DealInputs d, ValuationOptions options, double target, double gq, out PriceBreakdown price)
    {
        price = default;
        var (ec, el) = CapitalAndLoss(d, options, gq);
        if (Unreachable(d, ec) is string why)
        {
            return why;
        }

        double t = options.Profitability.TaxRate, c = options.Profitability.CapitalRate, drawn = d.Drawn;
        double needed = (target * ec / (1.0 - t)) - (c * ec) + d.Opex + el - d.Fees - d.UndrawnIncome;
        double rate = d.FtpRate + (needed / drawn);
        if (!(rate > -1.0 && rate < 10.0))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"no rate reaches the target RAROC {target:R}: the rate needed, {rate:R}, is outside (-1, 10)");
        }

        price = Breakdown(rate, d.FtpRate, d, ec, el, target, t, c);
        return null;
    }

    /// <summary>Bracketed pricing when the FTP depends on the rate; returns null on success, else the reason.</summary>
    internal static string? TrySolveCore(in DealInputs d, Func<double, double> ftpOf, ValuationOptions options, double target, double gq, out PriceBreakdown price)
    {
        price = default;
        var (ec, el) = CapitalAndLoss(d, options, gq);
        if (Unreachable(d, ec) is string why)
        {
            return why;
        }

        double t = options.Profitability.TaxRate, c = options.Profitability.CapitalRate, drawn = d.Drawn, fees = d.Fees, opex = d.Opex,
            undrawnIncome = d.UndrawnIncome;
        double Excess(double r, out double ftp)
        {
            ftp = ftpOf(r);
            if (!(ftp > -1.0 && ftp < 10.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(ftpOf), ftp, "(-1, 10)");
            }

            // Same operations as the valuation kernel, so the solution reproduces the target in PortfolioValuation.
            double revenue = (drawn * (r - ftp)) + fees + undrawnIncome;
            double ret = (revenue - opex - el + (c * ec)) * (1.0 - t);
            return ret - (target * ec);
        }

        double lo = BracketLow, hi = BracketHigh;
        if (Excess(hi, out double ftpHi) < 0.0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"no rate up to {hi:R} reaches the target RAROC {target:R} (at that rate RAROC = {((Excess(hi, out _) + (target * ec)) / ec):R})");
        }

        if (Excess(lo, out _) >= 0.0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"every rate down to {lo:R} reaches the target RAROC {target:R}: fees alone pay for the deal");
        }

        for (int iteration = 0; iteration < 2000; iteration++)
        {
            double mid = lo + ((hi - lo) / 2.0);
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (Excess(mid, out double ftpMid) >= 0.0)
            {
                hi = mid;
                ftpHi = ftpMid;
            }
            else
            {
                lo = mid;
            }
        }

        price = Breakdown(hi, ftpHi, d, ec, el, target, t, c);
        return null;
    }

    private static string? Unreachable(in DealInputs d, double ec)
    {
        if (d.Drawn == 0.0)
        {
            return d.Ead == 0.0
                ? "no rate reaches the target: EAD is 0, so the client rate earns nothing"
                : "no rate reaches the target: the drawn balance is 0, so the client rate earns nothing";
        }

        if (ec == 0.0)
        {
            return "no rate reaches the target: economic capital is 0 (LGD = 0, or a defaulted loan with BEEL = LGD), so RAROC is not defined";
        }

        return null;
    }

    private static PriceBreakdown Breakdown(double rate, double ftp, in DealInputs d, double ec, double el, double target, double t, double c)
    {
        double dr = d.Drawn;
        return new PriceBreakdown(rate, ftp, el / dr, d.Opex / dr, (0.0 - d.Fees) / dr, (target - c) * ec / dr, target * ec * t / ((1.0 - t) * dr), ec, el, target, d.Ead)
        {
            Drawn = dr,
            UndrawnCharge = (0.0 - d.UndrawnIncome) / dr,
        };
    }

    private static DealInputs Validate(PricingDeal deal, ValuationOptions? given, double? targetRaroc, out ValuationOptions options, out double target)
    {
        ArgumentNullException.ThrowIfNull(deal);
        options = given ?? ValuationOptions.Default;
        Check(LoanRules.Ead(deal.Ead), deal.Ead, nameof(deal.Ead));
        if (deal.Drawn is double dr)
        {
            Check(LoanRules.NonNegativeAmount(dr) ?? LoanRules.DrawnWithinEad(dr, deal.Ead), dr, nameof(deal.Drawn));
        }

        Check(LoanRules.NonNegativeAmount(deal.Undrawn), deal.Undrawn, nameof(deal.Undrawn));
        Check(LoanRules.Rate(deal.CommitmentFee), deal.CommitmentFee, nameof(deal.CommitmentFee));
        Check(LoanRules.Rate(deal.UndrawnFtpRate), deal.UndrawnFtpRate, nameof(deal.UndrawnFtpRate));
        Check(LoanRules.Pd(deal.Pd), deal.Pd, nameof(deal.Pd));
        Check(LoanRules.UnitInterval(deal.Lgd), deal.Lgd, nameof(deal.Lgd));
        Check(LoanRules.Rate(deal.FtpRate), deal.FtpRate, nameof(deal.FtpRate));
        Check(LoanRules.Amount(deal.Fees), deal.Fees, nameof(deal.Fees));
        Check(LoanRules.Amount(deal.Opex), deal.Opex, nameof(deal.Opex));
        if (!Enum.IsDefined(deal.AssetClass))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(deal.AssetClass), (double)deal.AssetClass, "the defined asset classes");
        }

        if (!double.IsNaN(deal.MaturityYears) || LoanRules.NeedsMaturity(deal.AssetClass))
        {
            Check(LoanRules.Maturity(deal.MaturityYears), deal.MaturityYears, nameof(deal.MaturityYears));
        }

        if (deal.SalesEurMillions != IrbFormula.NoSales)
        {
            Check(LoanRules.Sales(deal.SalesEurMillions), deal.SalesEurMillions, nameof(deal.SalesEurMillions));
        }

        if (deal.Beel is double b)
        {
            Check(LoanRules.UnitInterval(b), b, nameof(deal.Beel));
        }

        if (deal.AllocatedCapital is double a)
        {
            Check(LoanRules.NonNegativeAmount(a), a, nameof(deal.AllocatedCapital));
        }

        target = targetRaroc ?? options.HurdleFor(deal.Segment ?? "");
        if (!(target >= -1.0 && target <= 10.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(targetRaroc), target, "[-1, 10]");
        }

        return new DealInputs(deal.AssetClass, deal.Ead, deal.Pd, deal.Lgd, deal.MaturityYears, deal.SalesEurMillions, deal.FtpRate,
            deal.Fees, deal.Opex, deal.Beel ?? deal.Lgd, deal.AllocatedCapital ?? double.NaN, deal.Drawn ?? deal.Ead,
            LoanRules.UndrawnIncome(deal.Undrawn, deal.CommitmentFee, deal.UndrawnFtpRate));
    }

    private static void Check(string? rule, double value, string name)
    {
        if (rule is not null)
        {
            ThrowHelper.ArgumentOutOfRange(name, string.Create(CultureInfo.InvariantCulture, $"{name} = {value:R} {rule}."));
        }
    }
}
