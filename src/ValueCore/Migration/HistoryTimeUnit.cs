namespace ValueCore.Migration;

/// <summary>The unit of the times in a <see cref="RatingHistory"/>.</summary>
public enum HistoryTimeUnit
{
    /// <summary>Calendar dates, stored as <see cref="DateOnly.DayNumber"/>; a year of exposure is 365.25 days, cohort periods step by calendar months.</summary>
    Days = 0,

    /// <summary>Numeric times in years (a <c>time</c> column): periods step by their length in years.</summary>
    Years = 1,
}
