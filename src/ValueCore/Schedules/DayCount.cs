namespace ValueCore.Schedules;

/// <summary>A day-count convention: how the time between two dates becomes a fraction of a year.</summary>
/// <remarks>Definitions follow the 2006 ISDA Definitions, section 4.16: (d) Actual/365 (Fixed), (e) Actual/360 and
/// (f) 30/360 ("Bond Basis"). <see cref="DayCounts.YearFraction(DayCount, DateOnly, DateOnly)"/> computes them.</remarks>
public enum DayCount
{
    /// <summary>Actual/365 (Fixed): actual days / 365 (ISDA 2006, 4.16(d)). The default of every ValueCore schedule.</summary>
    Act365Fixed = 0,

    /// <summary>30/360 Bond Basis: 360 (Y2 - Y1) + 30 (M2 - M1) + (D2 - D1), over 360, with D1 = 31 read as 30 and D2 = 31 read as 30 when D1 is 30 or 31 (ISDA 2006, 4.16(f)).</summary>
    Thirty360 = 1,

    /// <summary>Actual/360: actual days / 360 (ISDA 2006, 4.16(e)).</summary>
    Act360 = 2,
}
