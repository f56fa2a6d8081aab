namespace ValueCore.Migration;

/// <summary>One regulatory migration rate with its parts.</summary>
/// <param name="Kind">Which rate.</param>
/// <param name="Migrated">The period-end balance of the opening loans that migrated (currency units).</param>
/// <param name="Opening">The opening balance of the class(es) (currency units).</param>
/// <param name="Reduction">The amount of those opening loans reduced in the period by repayment, disposal or write-off (currency units).</param>
/// <param name="Rate">Migrated / (Opening - Reduction), a fraction; NaN (not defined) when the denominator is not positive.</param>
public readonly record struct RegulatoryRate(RegulatoryRateKind Kind, double Migrated, double Opening, double Reduction, double Rate);
