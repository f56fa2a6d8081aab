using System.Runtime.CompilerServices;
using ValueCore.Internal;

namespace ValueCore.Schedules;

/// <summary>Year fractions under the day-count conventions of <see cref="DayCount"/>, as a scalar function and a span kernel.</summary>
public static class DayCounts
{
    /// <summary>The year fraction from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="dayCount">The convention.</param>
    /// <param name="start">The first date (inclusive).</param>
    /// <param name="end">The second date (exclusive); may precede <paramref name="start"/>, which gives a negative fraction.</param>
    /// <returns>The fraction of a year, in years; 0 when the dates are equal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dayCount"/> is not a defined convention.</exception>
    /// <remarks>
    /// Act/365F: (end - start) / 365. Act/360: (end - start) / 360. 30/360 Bond Basis: [360 (Y2 - Y1) + 30 (M2 - M1) +
    /// (D2 - D1)] / 360 where D1 = 31 becomes 30, and D2 = 31 becomes 30 when D1 (after adjustment) is 30.
    /// Source: International Swaps and Derivatives Association, "2006 ISDA Definitions", section 4.16 (d), (e), (f).
    /// </remarks>
    public static double YearFraction(DayCount dayCount, DateOnly start, DateOnly end)
    {
        CheckDayCount(dayCount);
        return YearFractionUnchecked(dayCount, start, end);
    }

    /// <summary>Year fractions from one start date to each of several end dates.</summary>
    /// <param name="dayCount">The convention.</param>
    /// <param name="start">The common start date.</param>
    /// <param name="end">The end dates.</param>
    /// <param name="destination">Receives the fractions, in years; at least as long as <paramref name="end"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dayCount"/> is not a defined convention.</exception>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public static void YearFraction(DayCount dayCount, DateOnly start, ReadOnlySpan<DateOnly> end, Span<double> destination)
    {
        CheckDayCount(dayCount);
        SpanGuard.Destination(end, destination);
        for (int i = 0; i < end.Length; i++)
        {
            destination[i] = YearFractionUnchecked(dayCount, start, end[i]);
        }
    }

    /// <summary>The year fraction between two day numbers (<see cref="DateOnly.DayNumber"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double YearFractionUnchecked(DayCount dayCount, int startDay, int endDay) => dayCount switch
    {
        DayCount.Act365Fixed => (endDay - startDay) / 365.0,
        DayCount.Act360 => (endDay - startDay) / 360.0,
        _ => Thirty360(DateOnly.FromDayNumber(startDay), DateOnly.FromDayNumber(endDay)),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double YearFractionUnchecked(DayCount dayCount, DateOnly start, DateOnly end) => dayCount switch
    {
        DayCount.Act365Fixed => (end.DayNumber - start.DayNumber) / 365.0,
        DayCount.Act360 => (end.DayNumber - start.DayNumber) / 360.0,
        _ => Thirty360(start, end),
    };

    internal static void CheckDayCount(DayCount dayCount)
    {
        if ((uint)dayCount > (uint)DayCount.Act360)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(dayCount), (double)dayCount, "the defined day counts (Act365Fixed, Thirty360, Act360)");
        }
    }

    private static double Thirty360(DateOnly start, DateOnly end)
    {
        int d1 = start.Day, d2 = end.Day;
        if (d1 == 31)
        {
            d1 = 30;
        }

        if (d2 == 31 && d1 == 30)
        {
            d2 = 30;
        }

        return ((360 * (end.Year - start.Year)) + (30 * (end.Month - start.Month)) + (d2 - d1)) / 360.0;
    }
}
