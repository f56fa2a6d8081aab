namespace ValueCore.Migration;

/// <summary>The five loan migration rates of the China banking supervisor's off-site indicators.</summary>
public enum RegulatoryRateKind
{
    /// <summary>Pass-loan migration rate: opening pass loans now special mention or worse.</summary>
    Pass = 0,

    /// <summary>Special-mention migration rate: opening special-mention loans now non-performing (substandard, doubtful or loss).</summary>
    SpecialMention = 1,

    /// <summary>Performing-loan migration rate: opening pass and special-mention loans now non-performing.</summary>
    Performing = 2,

    /// <summary>Substandard migration rate: opening substandard loans now doubtful or loss.</summary>
    Substandard = 3,

    /// <summary>Doubtful migration rate: opening doubtful loans now loss.</summary>
    Doubtful = 4,
}

/// <summary>One regulatory migration rate with its parts.</summary>
/// <param name="Kind">Which rate.</param>
/// <param name="Migrated">The period-end balance of the opening loans that migrated (currency units).</param>
/// <param name="Opening">The opening balance of the class(es) (currency units).</param>
/// <param name="Reduction">The amount of those opening loans reduced in the period by repayment, disposal or write-off (currency units).</param>
/// <param name="Rate">Migrated / (Opening - Reduction), a fraction; NaN (not defined) when the denominator is not positive.</param>
public readonly record struct RegulatoryRate(RegulatoryRateKind Kind, double Migrated, double Opening, double Reduction, double Rate);

/// <summary>The regulatory migration rates of one period (or of all periods pooled).</summary>
/// <param name="Start">The period start in the history's time unit (the first period's start for the pooled figures).</param>
/// <param name="End">The period end (the last period's end for the pooled figures).</param>
/// <param name="Rates">The five rates, in <see cref="RegulatoryRateKind"/> order.</param>
public sealed record RegulatoryRatesPeriod(double Start, double End, IReadOnlyList<RegulatoryRate> Rates);
