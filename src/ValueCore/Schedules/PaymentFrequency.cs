namespace ValueCore.Schedules;

/// <summary>How often a loan pays; the value is the number of payments per year.</summary>
public enum PaymentFrequency
{
    /// <summary>Once a year (12-month periods).</summary>
    Annual = 1,

    /// <summary>Twice a year (6-month periods).</summary>
    SemiAnnual = 2,

    /// <summary>Four times a year (3-month periods).</summary>
    Quarterly = 4,

    /// <summary>Every month.</summary>
    Monthly = 12,
}
