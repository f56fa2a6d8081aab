using ValueCore.Internal;

namespace ValueCore.Schedules;

/// <summary>
/// A loan's contractual payment schedule (annuity, linear or bullet; monthly, quarterly, semi-annual or annual): per
/// payment date the interest, the principal repaid, the payment and the balance outstanding after it.
/// </summary>
/// <remarks>
/// <para>Dates roll backward from the maturity date in steps of 12 / frequency months (a month-end maturity keeps
/// month ends); a first period shorter than a regular one is a short front stub. A regular period accrues
/// r<sub>k</sub> = rate / frequency on the balance; the stub accrues rate x the year fraction under
/// <see cref="LoanTerms.StubDayCount"/>.</para>
/// <para>Annuity: the level payment A solves B<sub>0</sub> prod(1 + r<sub>k</sub>) = A sum<sub>j</sub> prod<sub>k &gt; j</sub>(1 + r<sub>k</sub>),
/// which for equal rates is the textbook A = B<sub>0</sub> r / (1 - (1 + r)<sup>-n</sup>) (A = B<sub>0</sub> / n when r = 0).
/// Linear: principal B<sub>0</sub> / n each period. Bullet: interest only, principal at maturity. The last payment
/// clears the balance exactly. No rounding to currency units is applied.</para>
/// </remarks>
public sealed class ContractualSchedule
{
    private readonly DateOnly[] _dates;
    private readonly double[] _interest;
    private readonly double[] _principal;
    private readonly double[] _outstanding;

    private ContractualSchedule(LoanTerms terms, DateOnly[] dates, double[] interest, double[] principal, double[] outstanding)
    {
        Terms = terms;
        _dates = dates;
        _interest = interest;
        _principal = principal;
        _outstanding = outstanding;
    }

    /// <summary>The terms the schedule was built from.</summary>
    public LoanTerms Terms { get; }

    /// <summary>The number of payments.</summary>
    public int Count => _dates.Length;

    /// <summary>Payment dates, ascending, the last being the maturity date.</summary>
    public ReadOnlySpan<DateOnly> Dates => _dates;

    /// <summary>Interest paid on each date, in currency.</summary>
    public ReadOnlySpan<double> Interest => _interest;

    /// <summary>Principal repaid on each date, in currency.</summary>
    public ReadOnlySpan<double> Principal => _principal;

    /// <summary>The balance outstanding after each payment, in currency (0 after the last).</summary>
    public ReadOnlySpan<double> Outstanding => _outstanding;

    /// <summary>The payment (interest + principal) on date <paramref name="index"/>.</summary>
    /// <param name="index">The payment index, in [0, <see cref="Count"/>).</param>
    /// <returns>The payment in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the schedule.</exception>
    public double Payment(int index)
    {
        if ((uint)index >= (uint)_dates.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(index), index, "[0, Count)");
        }

        return _interest[index] + _principal[index];
    }

    /// <summary>Copies the payments (interest + principal) into a span.</summary>
    /// <param name="destination">Receives <see cref="Count"/> payments, in currency.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyPaymentsTo(Span<double> destination)
    {
        SpanGuard.Destination<DateOnly>(_dates, destination);
        for (int i = 0; i < _dates.Length; i++)
        {
            destination[i] = _interest[i] + _principal[i];
        }
    }

    /// <summary>The payment dates of a schedule: backward from maturity in regular steps, all after the start date.</summary>
    /// <param name="start">The start date.</param>
    /// <param name="maturity">The maturity date, after <paramref name="start"/>.</param>
    /// <param name="frequency">Payments per year.</param>
    /// <returns>The dates, ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Maturity is not after start, or the frequency is not defined.</exception>
    public static DateOnly[] PaymentDates(DateOnly start, DateOnly maturity, PaymentFrequency frequency)
    {
        CheckFrequency(frequency);
        if (maturity <= start)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maturity), $"maturity {maturity:yyyy-MM-dd} must be after start {start:yyyy-MM-dd}.");
        }

        int step = 12 / (int)frequency;
        bool monthEnd = maturity.Day == DateTime.DaysInMonth(maturity.Year, maturity.Month);
        var dates = new List<DateOnly>();
        for (int k = 0; ; k++)
        {
            var d = maturity.AddMonths(-k * step);
            if (monthEnd)
            {
                d = new DateOnly(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));
            }

            if (d <= start)
            {
                break;
            }

            dates.Add(d);
        }

        dates.Reverse();
        return [.. dates];
    }

    /// <summary>Builds the schedule of a loan.</summary>
    /// <param name="terms">The terms.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A term is outside its range (see <see cref="LoanTerms"/>).</exception>
    public static ContractualSchedule Build(LoanTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (!(terms.Principal > 0.0 && double.IsFinite(terms.Principal)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(terms.Principal), terms.Principal, "(0, inf)");
        }

        if (!(terms.AnnualRate > -1.0 && terms.AnnualRate < 10.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(terms.AnnualRate), terms.AnnualRate, "(-1, 10)");
        }

        if ((uint)terms.Amortisation > (uint)Amortisation.Annuity)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(terms.Amortisation), (double)terms.Amortisation, "the defined amortisation types");
        }

        DayCounts.CheckDayCount(terms.StubDayCount);
        if (terms.MaturityDate > terms.StartDate.AddYears(100))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(terms.MaturityDate), "maturity must be at most 100 years after the start date.");
        }

        var dates = PaymentDates(terms.StartDate, terms.MaturityDate, terms.Frequency);
        int n = dates.Length;
        int f = (int)terms.Frequency;
        var rates = new double[n];
        var regularStart = terms.MaturityDate.AddMonths(-n * (12 / f));
        bool monthEnd = terms.MaturityDate.Day == DateTime.DaysInMonth(terms.MaturityDate.Year, terms.MaturityDate.Month);
        if (monthEnd)
        {
            regularStart = new DateOnly(regularStart.Year, regularStart.Month, DateTime.DaysInMonth(regularStart.Year, regularStart.Month));
        }

        for (int k = 0; k < n; k++)
        {
            rates[k] = terms.AnnualRate / f;
        }

        if (regularStart != terms.StartDate)
        {
            // The first period runs from the start date to the first payment date and is shorter than a regular one.
            rates[0] = terms.AnnualRate * DayCounts.YearFractionUnchecked(terms.StubDayCount, terms.StartDate, dates[0]);
        }

        var interest = new double[n];
        var principal = new double[n];
        var outstanding = new double[n];
        double balance = terms.Principal;
        double annuity = terms.Amortisation == Amortisation.Annuity ? AnnuityPayment(terms.Principal, rates) : 0.0;
        for (int k = 0; k < n; k++)
        {
            double i = balance * rates[k];
            double p = k == n - 1 ? balance : terms.Amortisation switch
            {
                Amortisation.Annuity => annuity - i,
                Amortisation.Linear => terms.Principal / n,
                _ => 0.0,
            };
            interest[k] = i;
            principal[k] = p;
            balance = k == n - 1 ? 0.0 : balance - p;
            outstanding[k] = balance;
        }

        return new ContractualSchedule(terms, dates, interest, principal, outstanding);
    }

    /// <summary>The level payment that amortises <paramref name="principal"/> over periods with the given rates.</summary>
    internal static double AnnuityPayment(double principal, ReadOnlySpan<double> rates)
    {
        // A = B0 prod(1 + r_k) / sum_j prod_{k > j}(1 + r_k), accumulated backward so no power is formed twice.
        double growth = 1.0, weights = 0.0;
        for (int k = rates.Length - 1; k >= 0; k--)
        {
            weights += growth;
            growth *= 1.0 + rates[k];
        }

        return principal * growth / weights;
    }

    private static void CheckFrequency(PaymentFrequency frequency)
    {
        if (frequency is not (PaymentFrequency.Annual or PaymentFrequency.SemiAnnual or PaymentFrequency.Quarterly or PaymentFrequency.Monthly))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frequency), (double)frequency, "Annual (1), SemiAnnual (2), Quarterly (4) or Monthly (12)");
        }
    }
}
