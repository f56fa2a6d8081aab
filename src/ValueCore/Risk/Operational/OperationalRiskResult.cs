namespace ValueCore.Risk.Operational;

/// <summary>The bank's operational risk capital by the standardised approach and its allocation to units.</summary>
public sealed class OperationalRiskResult
{
    internal OperationalRiskResult(IReadOnlyList<string> units, double[] unitBi, double[] share, double[] capital,
        BusinessIndicatorComponents bank, double bic, int bucket, double? averageAnnualLoss, double? lossComponent,
        double ilm, IlmBasis ilmBasis, int lossYears, int lossesUsed, int lossesBelowThreshold, int lossesOutsideWindow)
    {
        Units = units;
        UnitBusinessIndicator = unitBi;
        Share = share;
        UnitCapital = capital;
        Bank = bank;
        BusinessIndicatorComponent = bic;
        Bucket = bucket;
        AverageAnnualLoss = averageAnnualLoss;
        LossComponent = lossComponent;
        InternalLossMultiplier = ilm;
        IlmBasis = ilmBasis;
        LossYears = lossYears;
        LossesUsed = lossesUsed;
        LossesBelowThreshold = lossesBelowThreshold;
        LossesOutsideWindow = lossesOutsideWindow;
    }

    /// <summary>The unit names, in input order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>Each unit's own business indicator, in currency.</summary>
    public IReadOnlyList<double> UnitBusinessIndicator { get; }

    /// <summary>Each unit's share of the capital (by the allocation key), summing to 1.</summary>
    public IReadOnlyList<double> Share { get; }

    /// <summary>Each unit's allocated capital, in currency: share x ORC.</summary>
    public IReadOnlyList<double> UnitCapital { get; }

    /// <summary>The bank's BI components (consolidated), in currency.</summary>
    public BusinessIndicatorComponents Bank { get; }

    /// <summary>The bank's business indicator, in currency.</summary>
    public double BusinessIndicator => Bank.BusinessIndicator;

    /// <summary>The business indicator component BIC, in currency (OPE25.7).</summary>
    public double BusinessIndicatorComponent { get; }

    /// <summary>The BI bucket, 1 to 3 (OPE25.7 Table 1).</summary>
    public int Bucket { get; }

    /// <summary>The average annual net loss over the window, in currency; null without losses.</summary>
    public double? AverageAnnualLoss { get; }

    /// <summary>The loss component LC = 15 x average annual loss (OPE25.9); null without losses.</summary>
    public double? LossComponent { get; }

    /// <summary>The internal loss multiplier applied.</summary>
    public double InternalLossMultiplier { get; }

    /// <summary>Why the ILM has its value.</summary>
    public IlmBasis IlmBasis { get; }

    /// <summary>The years of loss data averaged over (0 without losses).</summary>
    public int LossYears { get; }

    /// <summary>Loss events inside the window at or above the threshold.</summary>
    public int LossesUsed { get; }

    /// <summary>Loss events inside the window below the threshold (excluded).</summary>
    public int LossesBelowThreshold { get; }

    /// <summary>Loss events outside the window (excluded).</summary>
    public int LossesOutsideWindow { get; }

    /// <summary>The operational risk capital requirement ORC = BIC x ILM (OPE25.2), in currency.</summary>
    public double Capital => BusinessIndicatorComponent * InternalLossMultiplier;

    /// <summary>Risk-weighted assets for operational risk, 12.5 x ORC (OPE25.2), in currency.</summary>
    public double RiskWeightedAssets => 12.5 * Capital;
}
