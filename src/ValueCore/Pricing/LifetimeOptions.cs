using ValueCore.Internal;
using ValueCore.Migration;
using ValueCore.Portfolio;

namespace ValueCore.Pricing;

/// <summary>The settings of a lifetime valuation (<see cref="LifetimeValuation.Run"/>): the one-year valuation settings
/// (capital, hurdle, tax, capital rate, funding curves), the credit-state model, the discount rate and the schedule.</summary>
/// <remarks>docs/performance-and-pricing.md, "Lifetime value of a loan", states every convention.</remarks>
public sealed record LifetimeOptions
{
    private readonly ValuationOptions _valuation = ValuationOptions.Default;
    private readonly TransitionMatrix? _matrix;
    private readonly double? _discountRate;
    private readonly IReadOnlyList<TransitionMatrix> _matrixByYear = [];
    private readonly int _paymentsPerYear = 1;
    private readonly int _maxDegreeOfParallelism = -1;

    /// <summary>The defaults: <see cref="ValuationOptions.Default"/>, a flat PD, discounting at each loan's hurdle, annual
    /// payments, no schedule, all cores.</summary>
    public static LifetimeOptions Default { get; } = new();

    /// <summary>Capital settings, hurdle, tax, capital rate, segment hurdles and funding curves, as for <c>raroc</c>;
    /// default <see cref="ValuationOptions.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ValuationOptions Valuation
    {
        get => _valuation;
        init => _valuation = value ?? throw new ArgumentNullException(nameof(Valuation));
    }

    /// <summary>The one-year migration matrix over the loans' <c>classification</c> states, its absorbing states being the
    /// default states (<see cref="Provisions.DefaultStates.Absorb(TransitionMatrix, IReadOnlyList{string})"/> sets them);
    /// null (default): a flat annual PD, the loan's <c>pd</c>, every year.</summary>
    /// <exception cref="ArgumentException">The matrix does not cover one year, or has no absorbing state.</exception>
    public TransitionMatrix? Matrix
    {
        get => _matrix;
        init
        {
            if (value is not null)
            {
                if (Math.Abs(value.PeriodYears - 1.0) > TransitionMatrix.PeriodTolerance)
                {
                    ThrowHelper.Argument(nameof(Matrix), FormattableString.Invariant($"The matrix covers {value.PeriodYears} years; a one-year matrix is needed (TransitionMatrix.ToOneYear)."));
                }

                if (!Enumerable.Range(0, value.Count).Any(value.States.IsAbsorbing))
                {
                    ThrowHelper.Argument(nameof(Matrix), "The matrix has no absorbing (default) state.");
                }
            }

            _matrix = value;
        }
    }

    /// <summary>The one-year matrices of years 1, 2, ... (e.g. a scenario's Z-shifted matrices, <see cref="ZShift.YearModels"/>):
    /// year y migrates and defaults by entry min(y, count) - 1, the last one holding for later years; each has the states of
    /// <see cref="Matrix"/>, which must be given (it names the states). Empty (default): <see cref="Matrix"/> every year.</summary>
    /// <exception cref="ArgumentNullException">The value or one of its matrices is null.</exception>
    /// <exception cref="ArgumentException">A matrix does not cover one year.</exception>
    public IReadOnlyList<TransitionMatrix> MatrixByYear
    {
        get => _matrixByYear;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(MatrixByYear));
            foreach (var m in value)
            {
                ArgumentNullException.ThrowIfNull(m, nameof(MatrixByYear));
                if (Math.Abs(m.PeriodYears - 1.0) > TransitionMatrix.PeriodTolerance)
                {
                    ThrowHelper.Argument(nameof(MatrixByYear), FormattableString.Invariant($"A matrix covers {m.PeriodYears} years; one-year matrices are needed (TransitionMatrix.ToOneYear)."));
                }
            }

            _matrixByYear = [.. value];
        }
    }

    /// <summary>The annual rate at which every year's flows are discounted, a fraction in (-1, 10]; null (default): each
    /// loan's hurdle (<see cref="ValuationOptions.HurdleFor"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (-1, 10].</exception>
    public double? DiscountRate
    {
        get => _discountRate;
        init
        {
            if (value is double d && !(d > -1.0 && d <= 10.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(DiscountRate), d, "(-1, 10]");
            }

            _discountRate = value;
        }
    }

    /// <summary>Principal payments a year of linear and annuity loans, in [1, 366]; default 1 (annual payments).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 366].</exception>
    public int PaymentsPerYear
    {
        get => _paymentsPerYear;
        init
        {
            if (value is < 1 or > TransferPricing.MaxPaymentsPerYear)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(PaymentsPerYear), value, "[1, 366]");
            }

            _paymentsPerYear = value;
        }
    }

    /// <summary>Whether the result carries the per-loan, per-year schedule (<see cref="LifetimeResult.Schedule"/>); default false.</summary>
    public bool IncludeSchedule { get; init; }

    /// <summary>Worker threads; -1 (default) for all cores. Results do not depend on it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value == 0 || value < -1)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(MaxDegreeOfParallelism), value, "-1 (all cores) or a positive number");
            }

            _maxDegreeOfParallelism = value;
        }
    }
}
