namespace ValueCore.Capital;

/// <summary>The result of <see cref="GranularityAdjustment.Compute"/>: the adjustment in currency and per unit of exposure, with the inputs it rests on.</summary>
public sealed class GranularityResult
{
    internal GranularityResult(double adjustmentRate, double ead, double asrfCapital, double delta, int obligors, int defaultedObligors)
    {
        AdjustmentRate = adjustmentRate;
        Ead = ead;
        AsrfCapital = asrfCapital;
        Delta = delta;
        Obligors = obligors;
        DefaultedObligors = defaultedObligors;
    }

    /// <summary>The granularity adjustment per unit of the obligors' total EAD, a fraction.</summary>
    public double AdjustmentRate { get; }

    /// <summary>The granularity adjustment, <see cref="AdjustmentRate"/> x <see cref="Ead"/>, in currency: add it to the ASRF capital.</summary>
    public double Adjustment => AdjustmentRate * Ead;

    /// <summary>The total EAD of the obligors in the adjustment (non-defaulted, with positive EAD and LGD), in currency.</summary>
    public double Ead { get; }

    /// <summary>The ASRF (IRB) capital of those obligors, Σ K_i EAD_i, in currency.</summary>
    public double AsrfCapital { get; }

    /// <summary>The ASRF capital plus the adjustment, in currency.</summary>
    public double AdjustedCapital => AsrfCapital + Adjustment;

    /// <summary>The regulatory parameter δ = (α_q - 1)(ξ + (1 - ξ) / α_q).</summary>
    public double Delta { get; }

    /// <summary>The number of obligors in the adjustment.</summary>
    public int Obligors { get; }

    /// <summary>The number of defaulted obligors (PD = 1) left out: their default is certain, so idiosyncratic default risk does not apply.</summary>
    public int DefaultedObligors { get; }
}
