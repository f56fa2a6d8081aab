using ValueCore.Internal;

namespace ValueCore.Risk.Operational;

/// <summary>Settings of the Basel III standardised approach for operational risk.</summary>
public sealed record OperationalRiskOptions
{
    private readonly double _currencyPerEur = 1.0;
    private readonly double? _ilm;
    private readonly double _lossThresholdEur = StandardisedApproach.LossThresholdEur;
    private readonly int _lossWindowYears = 10;
    private readonly int _minimumLossYears = 5;

    /// <summary>The defaults: amounts in EUR, ILM from losses outside bucket 1, EUR 20,000 threshold, ten-year window, BI-share allocation.</summary>
    public static OperationalRiskOptions Default { get; } = new();

    /// <summary>Units of the input currency per EUR (the ECB reference-rate quotation, e.g. 1.08 for USD), &gt; 0; default 1 (EUR).
    /// The bucket thresholds EUR 1bn and 30bn and the loss threshold are converted with it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double CurrencyPerEur
    {
        get => _currencyPerEur;
        init
        {
            if (!(value > 0.0 && double.IsFinite(value)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(CurrencyPerEur), value, "(0, inf)");
            }

            _currencyPerEur = value;
        }
    }

    /// <summary>An internal loss multiplier set by the user (the supervisor's choice, OPE25.11), &gt; 0; null (default) to derive it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double? InternalLossMultiplier
    {
        get => _ilm;
        init
        {
            if (value is double v && !(v > 0.0 && double.IsFinite(v)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(InternalLossMultiplier), v, "(0, inf)");
            }

            _ilm = value;
        }
    }

    /// <summary>Whether a bucket-1 bank uses its losses in the ILM (allowed by the supervisor, OPE25.11); default false (ILM = 1).</summary>
    public bool UseLossesInBucketOne { get; init; }

    /// <summary>The gross-loss threshold in EUR above which losses enter the loss component; default 20,000; in [20,000, 100,000]
    /// (the standard's minimum, which the supervisor may raise to EUR 100,000 for buckets 2 and 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [20,000, 100,000].</exception>
    public double LossThresholdEur
    {
        get => _lossThresholdEur;
        init
        {
            if (!(value >= StandardisedApproach.LossThresholdEur && value <= 100_000.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(LossThresholdEur), value, "[20000, 100000]");
            }

            _lossThresholdEur = value;
        }
    }

    /// <summary>The loss window in years, in [1, 50]; default 10 (OPE25.9).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 50].</exception>
    public int LossWindowYears
    {
        get => _lossWindowYears;
        init
        {
            if (value is < 1 or > 50)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(LossWindowYears), value, "[1, 50]");
            }

            _lossWindowYears = value;
        }
    }

    /// <summary>The fewest years of loss data accepted, in [1, 50]; default 5 (the standard's transitional minimum).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 50].</exception>
    public int MinimumLossYears
    {
        get => _minimumLossYears;
        init
        {
            if (value is < 1 or > 50)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(MinimumLossYears), value, "[1, 50]");
            }

            _minimumLossYears = value;
        }
    }

    /// <summary>The last year of the loss window; null (default) for the latest year in the loss data.</summary>
    public int? LastLossYear { get; init; }

    /// <summary>The first year the loss data cover (collection start); null (default) for the earliest year in the loss data.</summary>
    public int? FirstLossYear { get; init; }

    /// <summary>How capital is shared among units; default <see cref="AllocationKey.BusinessIndicator"/>.</summary>
    public AllocationKey Allocation { get; init; } = AllocationKey.BusinessIndicator;
}
