namespace ValueCore.Risk.Operational;

/// <summary>One operational risk loss event for the loss component.</summary>
/// <param name="Year">The financial year the loss is booked in.</param>
/// <param name="NetLoss">The loss net of recoveries, in currency, &gt;= 0: the amount that enters the average.</param>
/// <param name="GrossLoss">The gross loss, in currency, &gt;= 0, compared with the threshold; use <paramref name="NetLoss"/> when not known.</param>
public readonly record struct OperationalLoss(int Year, double NetLoss, double GrossLoss);
